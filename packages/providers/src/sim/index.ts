// The simulated market's building blocks, for what serves simulated data in another shape
// (the fake provider servers of the test suite and the benchmarks).
export { calendarDays } from './calendar-days';
export { alpacaItem, ANNOUNCE_DAYS, MAX_PROCESS_LAG_DAYS, type SimActionType, type SimCorporateAction } from './corporate-actions';
export { hash32, Rng } from './prng';
export { simMarket, type SimMarket, type SimMarketOptions } from './sim-market';
export { combineBars } from '../bars/aggregate';
export {
  LARGE_CHAIN_LISTING,
  simOptionChain,
  simOccRoot,
  simStrikeRange,
  SIM_RATE,
  type SimChain,
  type SimChainInput,
  type SimListing,
} from './option-chain';
export type { SimRegime } from './sim-market';
