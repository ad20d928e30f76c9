// Market rules, pure and without I/O: the calendar and bar grid, what a bar is, corporate
// actions and read-time adjustment, freshness, and the data policy every process reads.
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
export { BAR_STATUSES, barStatusOf, FINALISED_AFTER_MS, validateBar, type Bar, type BarStatus, type PriceBar } from './bar';
export {
  ACTION_TYPES,
  SHARE_CHANGE_TYPES,
  SPLIT_TYPES,
  isDividend,
  isSplit,
  type ActionType,
  type PriceAction,
} from './corporate-actions';
export { ADJUSTMENTS, adjustBars, unadjustBars, type Adjustment } from './adjust';
export {
  assessFreshness,
  dataStatusOf,
  lagMinutes,
  type DataStatus,
  type Freshness,
  type FreshnessClock,
  type FreshnessInput,
} from './freshness';
export { DEFAULT_POLICY, PolicyEnv, marketPolicy, type MarketPolicy } from './policy';
// options
export { assertOcc, formatOcc, parseOcc, strikeMilli, type OccContract, type OccResult, type OptionQuote, type OptionSide } from './options/occ';
export { assessOptionSnapshot, type OptionSnapshotFreshness, type OptionSnapshotInput } from './options/freshness';
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
export { MARKET_DATE_RANGE, inMarketDateRange, inMarketTimeRange } from './date-range';
