import type { MarketClock, Timeframe } from '@marketfleet/market';
import type { Finding } from './types';

const MINUTE_MS = 60_000;

/** Start of the first bar the market produced after `last` (the next open when `last` is off-session). */
function nextBarStart(clock: MarketClock, last: Date, tf: Timeframe): Date {
  if (!clock.isOpen(last)) return clock.nextOpen(last);
  const end = clock.barEnd(last, tf);
  return clock.isOpen(end) ? end : clock.nextOpen(end);
}

/**
 * A series is stale when the oldest bar it lacks has been closed longer than the SLA,
 * measured on the market calendar as the API's freshness is: a closed market never makes
 * data stale, a missing Friday d1 bar is stale by Sunday. Nothing stored at all is stale.
 */
export function checkStale(
  clock: MarketClock,
  input: { timeframe: Timeframe; now: Date; lastBarTs: Date | null },
  slaMinutes: number,
): Finding | null {
  const { timeframe: tf, now, lastBarTs } = input;
  const expected = clock.lastClosedBar(tf, now);
  const detail = { lastBarTs: lastBarTs?.toISOString() ?? null, expectedBarTs: expected?.toISOString() ?? null, slaMinutes };
  if (lastBarTs === null) return { kind: 'stale', sessionDate: null, detail: { ...detail, lagMinutes: null } };
  if (expected === null || lastBarTs.getTime() >= expected.getTime()) return null;
  const missingSince = clock.barEnd(nextBarStart(clock, lastBarTs, tf), tf);
  const lagMinutes = Math.round((now.getTime() - missingSince.getTime()) / MINUTE_MS);
  if (lagMinutes <= slaMinutes) return null;
  return { kind: 'stale', sessionDate: null, detail: { ...detail, lagMinutes } };
}
