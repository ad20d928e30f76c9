import { FINDING_KINDS, type CheckedBarRow, type FindingKind, type TimeRange } from '@marketfleet/db';
import type { Timeframe } from '@marketfleet/market';

/** One problem a check found in one session (or, for `stale`, in the series as a whole). */
export interface Finding {
  kind: FindingKind;
  /** New York date of the session (w1: the week's first session); null for the whole series. */
  sessionDate: string | null;
  detail: Record<string, unknown>;
}

export type CheckBar = CheckedBarRow;

/** A run of missing bars: `from` is the first missing start, `to` the end of the last one. */
export interface MissingRange {
  from: string;
  to: string;
  bars: number;
}

export interface SeriesInput {
  symbol: string;
  timeframe: Timeframe;
  /** First and last New York session date checked, inclusive. */
  fromDate: string;
  toDate: string;
  now: Date;
  /** Stored bars, ascending; those before `fromDate` are only history for the jump statistics. */
  bars: readonly CheckBar[];
  /** Start of the newest stored bar of the series, whatever its date. */
  lastBarTs: Date | null;
  /** Recorded provider gaps: bars missing inside them are known, not gaps to repair. */
  providerGaps?: readonly TimeRange[];
}

/** Kinds the bar checks produce (all but the calendar sync's); a check resolves open findings of these kinds it no longer sees. */
export const CHECKED_KINDS: readonly FindingKind[] = FINDING_KINDS.filter((k) => k !== 'calendar_mismatch');

/** At most this many examples per finding: a broken feed must not write megabytes of detail. */
export const MAX_EXAMPLES = 20;
