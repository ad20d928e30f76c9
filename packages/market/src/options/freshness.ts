import type { MarketClock } from '../sessions';

export interface OptionSnapshotFreshness {
  /** Minutes since the newest snapshot of the underlying's chain; null when none is stored. */
  ageMinutes: number | null;
  slaMinutes: number;
  isStale: boolean;
}

export interface OptionSnapshotInput {
  now: Date;
  /** When the newest stored snapshot of the underlying's chain was taken. */
  latestSnapshotAt: Date | null;
  slaMinutes: number;
  clock: Pick<MarketClock, 'isOpen'>;
}

const MINUTE_MS = 60_000;

/**
 * An option chain is stale when none is stored, or when the market is open and the newest
 * snapshot is older than the SLA. Quotes do not move while the market is closed, so an evening's
 * or a weekend's old chain is current: the old system's rule, kept.
 */
export function assessOptionSnapshot({ now, latestSnapshotAt, slaMinutes, clock }: OptionSnapshotInput): OptionSnapshotFreshness {
  if (latestSnapshotAt === null) return { ageMinutes: null, slaMinutes, isStale: true };
  const ageMinutes = Math.max(0, (now.getTime() - latestSnapshotAt.getTime()) / MINUTE_MS);
  return { ageMinutes, slaMinutes, isStale: clock.isOpen(now) && ageMinutes > slaMinutes };
}
