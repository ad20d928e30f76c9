export {
  INTRADAY_TIMEFRAMES,
  TIMEFRAMES,
  TIMEFRAME_MINUTES,
  isIntraday,
  isTimeframe,
  type Timeframe,
} from './timeframes';
export { MarketClock, marketClock, type CalendarDay, type ProviderCalendar, type Session } from './sessions';
export { earlyCloses, holidays } from './holidays';
export { addDays, nyDate, nyOffsetMinutes, nyWallTime, parseDate, weekday } from './timezone';
// options
export { assertOcc, formatOcc, parseOcc, strikeMilli, type OccContract, type OccResult, type OptionSide } from './options/occ';
export { erf, erfc, normCdf, normPdf } from './options/normal';
export { bsGreeks, bsPrice, impliedVol, type BsGreeks, type BsInput, type IvOptions } from './options/black-scholes';
export {
  listContracts,
  listExpirations,
  nearestExpirations,
  strikeGrid,
  strikeSteps,
  type Expiration,
  type ExpirationKind,
  type ListingOptions,
  type StrikeOptions,
} from './options/listing';
