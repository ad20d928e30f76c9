import { lagMinutes, type MarketClock, type Timeframe } from '@marketfleet/market';
import type { Finding } from './types';

/**
 * A series is stale by the market's one freshness rule (the api's data-health uses the same):
 * the oldest bar it lacks has been closed longer than the SLA, on the market calendar. Nothing
 * stored at all is stale.
 */
export function checkStale(
  clock: MarketClock,
  input: { timeframe: Timeframe; now: Date; lastBarTs: Date | null },
  slaMinutes: number,
): Finding | null {
  const { timeframe, now, lastBarTs } = input;
  const expected = clock.lastClosedBar(timeframe, now);
  const detail = { lastBarTs: lastBarTs?.toISOString() ?? null, expectedBarTs: expected?.toISOString() ?? null, slaMinutes };
  const lag = lagMinutes({ now, lastBarTs, timeframe, clock });
  if (lag === null) return { kind: 'stale', sessionDate: null, detail: { ...detail, lagMinutes: null } };
  if (lag <= slaMinutes) return null;
  return { kind: 'stale', sessionDate: null, detail: { ...detail, lagMinutes: Math.round(lag) } };
}
