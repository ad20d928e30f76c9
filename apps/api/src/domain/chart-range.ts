import { MARKET_DATE_RANGE, type MarketClock, type Timeframe } from '@marketfleet/market';
import { BadRequestError } from '../errors';

export interface ChartRangeInput {
  timeframe: Timeframe;
  start?: Date;
  end?: Date;
  now: Date;
  maxBars: number;
  clock: Pick<MarketClock, 'countExpectedBars'>;
}

export interface ChartRange {
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
}

const DAY_MS = 86_400_000;
/** No default window reaches back before the first date the market clock is exact for. */
const EARLIEST = Date.parse(`${MARKET_DATE_RANGE.first}T00:00:00Z`);

/** The old app's windows (30 days intraday, a year daily), plus five years for weekly bars. */
export function defaultStart(timeframe: Timeframe, end: Date): Date {
  switch (timeframe) {
    case 'm15':
    case 'h1':
    case 'h4':
      return new Date(end.getTime() - 30 * DAY_MS);
    case 'd1':
      return new Date(end.getTime() - 365 * DAY_MS);
    case 'w1': {
      const d = new Date(end);
      d.setUTCFullYear(d.getUTCFullYear() - 5);
      return d;
    }
  }
}

// The fewest bars one session can hold: an early close at 13:00 leaves 14 m15 and 4 h1 bars.
const MIN_BARS_PER_SESSION: Record<Timeframe, number> = { m15: 14, h1: 4, h4: 1, d1: 1, w1: 1 };
// Holiday weeks still have at least three sessions.
const MIN_SESSIONS_PER_WEEK = 3;

/**
 * A floor on the bars in [start, end) that needs no calendar. A range of centuries would make
 * the exact count walk every session in it; the floor refuses such ranges in constant time.
 */
export function minimumBars(timeframe: Timeframe, start: Date, end: Date): number {
  const weeks = Math.floor((end.getTime() - start.getTime()) / (7 * DAY_MS));
  if (weeks <= 0) return 0;
  if (timeframe === 'w1') return weeks - 1;
  return weeks * MIN_SESSIONS_PER_WEEK * MIN_BARS_PER_SESSION[timeframe];
}

/**
 * Fills in the defaults and refuses ranges that are reversed or would return more bars than
 * one response may carry. The bar budget is counted on the market calendar, so a range is
 * judged by the bars it can hold, not by its length in days.
 */
export function resolveChartRange({ timeframe, start, end, now, maxBars, clock }: ChartRangeInput): ChartRange {
  const to = end ?? now;
  const from = start ?? new Date(Math.max(defaultStart(timeframe, to).getTime(), EARLIEST));
  if (from.getTime() > to.getTime()) {
    throw new BadRequestError('start', `must not be after end (${from.toISOString()} > ${to.toISOString()})`);
  }
  const tooMany = (count: string) =>
    new BadRequestError(
      'start',
      `the range holds ${count} ${timeframe} bars, more than the maximum of ${maxBars}; move start later or end earlier`,
    );
  const floor = minimumBars(timeframe, from, to);
  if (floor > maxBars) throw tooMany(`at least ${floor}`);
  const expected = clock.countExpectedBars(timeframe, from, to);
  if (expected > maxBars) throw tooMany(String(expected));
  return { start: from, end: to };
}
