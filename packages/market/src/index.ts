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
