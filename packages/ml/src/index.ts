// Forecasting and ranking math: pure functions over numbers and bars, no I/O.
export {};
// options ranking
export { rankEntry, type EntryContext, type EntryRanking } from './options/rank-entry';
export {
  compositeScore,
  entryDifficulty,
  greeksScore,
  ivRank,
  liquidityConfidence,
  momentumScore,
  relativeValue,
  smoothMomentum,
  stabilityScore,
  trendAlignment,
  valueScore,
  volumeProxyMomentum,
} from './options/entry-scores';
export { entrySignals } from './options/signals';
export { ivCurveFlags, ivJumpThreshold } from './options/iv-curve';
export { atmIvStats, ivStatsAgeSessions, type AtmIvPoint } from './options/iv-stats';
export { trendFromCloses } from './options/trend';
export { selectTopByDte, SEED_DTE_QUOTAS, type DteQuota, type SelectOptions } from './options/select-top';
export { applyForecastTilt, forecastTiltFor, type TiltOptions, type UnderlyingForecast } from './options/forecast-tilt';
export type {
  ChainContract,
  ContractQuote,
  EntryScore,
  EntrySignal,
  ImputedField,
  IvStats,
  PreviousScore,
  SkipReason,
  Trend,
} from './options/types';
