/**
 * The dates the fleet works with: the market clock's rules are exact from here on (US daylight
 * saving as it has been since 1987, the NYSE holiday rules, the one-off closures it lists), and
 * every date in this range is representable in PostgreSQL and in a JavaScript Date. A date a
 * client, a file or a command line gives outside it is refused before any query runs.
 */
export const MARKET_DATE_RANGE = Object.freeze({ first: '1990-01-01', last: '2100-12-31' });

/** Whether a valid 'YYYY-MM-DD' date lies in MARKET_DATE_RANGE. */
export function inMarketDateRange(date: string): boolean {
  return date >= MARKET_DATE_RANGE.first && date <= MARKET_DATE_RANGE.last;
}

/** Whether an instant lies in MARKET_DATE_RANGE (an invalid Date does not). */
export function inMarketTimeRange(at: Date): boolean {
  const ms = at.getTime();
  return Number.isFinite(ms) && ms >= Date.parse(`${MARKET_DATE_RANGE.first}T00:00:00Z`) && ms < Date.parse(`${MARKET_DATE_RANGE.last}T23:59:59.999Z`);
}
