import type { MarketClock, Timeframe } from '@marketfleet/market';

const DAY_MS = 86_400_000;

/** Starts of the `n` bars after the one starting at `last`, on the market calendar (sessions, not calendar days). */
export function nextBarStarts(clock: MarketClock, timeframe: Timeframe, last: Date, n: number): Date[] {
  const from = clock.barEnd(last, timeframe);
  // Generous: two calendar days per daily bar, and ten more days for weekends and holidays.
  const to = new Date(from.getTime() + (timeframe === 'd1' ? 2 * n + 10 : Math.ceil(n / 6) + 10) * DAY_MS);
  const starts = clock.expectedBars(timeframe, from, to);
  if (starts.length < n) throw new RangeError(`the calendar has only ${starts.length} ${timeframe} bars in the ${n} after ${last.toISOString()}`);
  return starts.slice(0, n);
}
