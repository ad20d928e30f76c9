import type { BarStatus, MarketClock, Timeframe } from '@marketfleet/market';

/** Providers fix late trades shortly after the close; a bar fetched after this is final. */
export const FINALISED_AFTER_MS = 15 * 60_000;

/** No bar (a w1 included) ends later than this after its start; older bars need no calendar. */
const LONGEST_BAR_MS = 8 * 24 * 3600_000;

/** Computes each bar's status at fetch time (see the `bar_status` type in the schema). */
export function barStatusOf(clock: MarketClock, tf: Timeframe, ts: Date, fetchedAt: Date): BarStatus {
  // Backfills are almost all long-closed bars: skip the calendar for them.
  if (fetchedAt.getTime() - ts.getTime() > LONGEST_BAR_MS + FINALISED_AFTER_MS) return 'verified';
  const end = clock.barEnd(ts, tf);
  if (end.getTime() > fetchedAt.getTime()) return 'live';
  const close = tf === 'w1' || tf === 'd1' ? end : (clock.sessionAt(ts)?.close ?? end);
  return fetchedAt.getTime() >= close.getTime() + FINALISED_AFTER_MS ? 'verified' : 'provisional';
}
