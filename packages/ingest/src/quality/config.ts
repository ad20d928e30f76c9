import { DEFAULT_POLICY, type MarketPolicy, type Timeframe } from '@marketfleet/market';

/** The robust threshold for price jumps: |r − median| > k × σ̂ over a trailing window. */
export interface JumpConfig {
  /** Default 10: an ordinary volatile day stays well inside; a split-sized move is far outside. */
  k: number;
  /** Returns in the trailing window. */
  window: number;
  /** Below this many trailing returns nothing is judged. */
  minSample: number;
  /**
   * Floor of σ̂ as a log return: a series that barely moves (MAD near 0) would otherwise call
   * any tick a jump.
   */
  minScale: number;
}

export interface QualityConfig {
  /** Sessions checked when a job names none, ending with the latest session that has opened. */
  sessions: number;
  /** A bar counts as missing only this long after it closed: the scheduled fetch comes first. */
  gapGraceMinutes: number;
  /** How late the newest bar may be before the series is stale: the fleet's policy, as data-health reads it. */
  slaMinutes: Record<Timeframe, number>;
  jump: JumpConfig;
  /** Repairs of one gap, counted across runs, before it is recorded as a provider gap. */
  repairAttempts: number;
  /** A job name with this many failed runs within the window raises `job-failing:<name>`. */
  failingJobs: { failures: number; withinHours: number };
}

const CHECK_DEFAULTS: Omit<QualityConfig, 'slaMinutes'> = Object.freeze({
  sessions: 5,
  gapGraceMinutes: 30,
  jump: { k: 10, window: 60, minSample: 20, minScale: 0.0005 },
  repairAttempts: 3,
  failingJobs: { failures: 3, withinHours: 24 },
});

/** The checks' own settings with the fleet's freshness SLA. */
export function qualityConfig(policy: MarketPolicy): QualityConfig {
  return { ...CHECK_DEFAULTS, slaMinutes: policy.slaMinutes };
}

export const DEFAULT_QUALITY_CONFIG: QualityConfig = Object.freeze(qualityConfig(DEFAULT_POLICY));

/** Whether a corporate action (a split, a dividend) on that session explains a price jump. */
export type ExplainJump = (symbol: string, sessionDate: string) => boolean;

/** For checks of series without corporate actions (tests, imports): nothing is explained. */
export const explainNothing: ExplainJump = () => false;
