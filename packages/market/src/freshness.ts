import type { MarketClock } from './sessions';
import type { Timeframe } from './timeframes';

export type FreshnessClock = Pick<MarketClock, 'lastClosedBar' | 'barEnd' | 'isOpen' | 'nextOpen'>;

export interface Freshness {
  /** Minutes since the start of the newest stored bar; null when nothing is stored. */
  ageMinutes: number | null;
  slaMinutes: number;
  isWithinSla: boolean;
}

export type DataStatus = 'fresh' | 'stale' | 'updating';

export interface FreshnessInput {
  now: Date;
  /** Start of the newest stored bar of the symbol and timeframe. */
  lastBarTs: Date | null;
  timeframe: Timeframe;
  slaMinutes: number;
  clock: FreshnessClock;
}

const MINUTE_MS = 60_000;

/**
 * Start of the first bar the market produced after `last`. A bar start outside every session
 * (an extended-hours bar a provider sent anyway) has no end of its own, so the next open is used.
 */
function nextBarStart(clock: FreshnessClock, last: Date, tf: Timeframe): Date {
  if (!clock.isOpen(last)) return clock.nextOpen(last);
  const end = clock.barEnd(last, tf);
  // A bar clipped at the close ends outside the session: the next bar starts at the next open.
  return clock.isOpen(end) ? end : clock.nextOpen(end);
}

/**
 * Staleness is measured against the market calendar, not the wall clock: data is late only by
 * how long the oldest bar we are missing has been closed. A closed market therefore never makes
 * data stale (Friday's last m15 bar is fresh all weekend), but a missing Friday d1 bar is.
 * Measuring from the oldest missing bar rather than the newest expected one matters during a
 * session: the newest expected m15 bar has always closed less than 15 minutes ago, so measuring
 * from it would call hours-old intraday data fresh.
 */
export function assessFreshness(input: FreshnessInput): Freshness {
  const { now, lastBarTs, slaMinutes } = input;
  if (lastBarTs === null) return { ageMinutes: null, slaMinutes, isWithinSla: false };
  const ageMinutes = Math.round((now.getTime() - lastBarTs.getTime()) / MINUTE_MS);
  return { ageMinutes, slaMinutes, isWithinSla: lagMinutes(input)! <= slaMinutes };
}

/** How long the oldest missing bar has been closed, in minutes: 0 when none is missing, null without bars. */
export function lagMinutes({ now, lastBarTs, timeframe, clock }: Omit<FreshnessInput, 'slaMinutes'>): number | null {
  if (lastBarTs === null) return null;
  const expected = clock.lastClosedBar(timeframe, now);
  if (expected === null || lastBarTs.getTime() >= expected.getTime()) return 0;
  const missingSince = clock.barEnd(nextBarStart(clock, lastBarTs, timeframe), timeframe);
  return Math.max(0, (now.getTime() - missingSince.getTime()) / MINUTE_MS);
}

/** A queued or running fetch outranks staleness: the app shows a spinner, not a warning. */
export function dataStatusOf(freshness: Freshness, updating: boolean): DataStatus {
  if (updating) return 'updating';
  return freshness.isWithinSla ? 'fresh' : 'stale';
}
