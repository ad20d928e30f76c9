import type { AlertInput, AlertSeverity, FailingJob, FindingKind, UpsertedFinding } from '@marketfleet/db';
import type { Timeframe } from '@marketfleet/market';
import { CHECKED_KINDS } from './types';

/** What one check saw of one symbol × timeframe. */
export interface SeriesOutcome {
  symbol: string;
  timeframe: Timeframe;
  findings: readonly UpsertedFinding[];
  /** Missing bars inside recorded provider gaps. */
  knownMissing: number;
}

export interface AlertPlan {
  raise: AlertInput[];
  /** Keys of the checked scope whose problem the check no longer sees. */
  resolve: string[];
}

/** Stale data is what the app shows the user; the rest is a warning for whoever keeps the data. */
const SEVERITY: Partial<Record<FindingKind, AlertSeverity>> = { stale: 'critical' };

const LABEL: Record<FindingKind, string> = {
  gap: 'missing bars',
  outside_session: 'bars outside the session',
  misaligned_ts: 'bars off the grid',
  duplicate_ts: 'bars standing for the same grid bar',
  ohlc_invalid: 'bars breaking the OHLC rules',
  price_jump: 'unexplained price jumps',
  stale: 'stale data',
  calendar_mismatch: 'calendar mismatches',
};

export const alertKey = (kind: string, symbol: string, tf: Timeframe) => `${kind}:${symbol}:${tf}`;
export const providerGapKey = (symbol: string, tf: Timeframe) => alertKey('provider-gap', symbol, tf);

/**
 * One alert per problem of a series: a finding kind seen again by this check (a single
 * sighting may be healing already, a gap's repair is queued), and the bars a provider
 * cannot supply. Keys of the scope without a problem are resolved.
 */
export function planAlerts(series: readonly SeriesOutcome[]): AlertPlan {
  const plan: AlertPlan = { raise: [], resolve: [] };
  for (const s of series) {
    for (const kind of CHECKED_KINDS) {
      const key = alertKey(kind, s.symbol, s.timeframe);
      const repeated = s.findings.filter((f) => f.kind === kind && f.repeated);
      if (repeated.length === 0) {
        plan.resolve.push(key);
        continue;
      }
      const sessions = repeated.map((f) => f.sessionDate).filter((d): d is string => d !== null).sort();
      plan.raise.push({
        key,
        kind,
        severity: SEVERITY[kind] ?? 'warning',
        message: `${s.symbol} ${s.timeframe}: ${LABEL[kind]}` + (sessions.length ? ` in ${sessions.length} session(s) since ${sessions[0]}` : ''),
        detail: { sessions, findingIds: repeated.map((f) => f.id) },
      });
    }
    const key = providerGapKey(s.symbol, s.timeframe);
    if (s.knownMissing === 0) plan.resolve.push(key);
    else plan.raise.push(providerGapAlert(s.symbol, s.timeframe, { missingBars: s.knownMissing }));
  }
  return plan;
}

export function providerGapAlert(symbol: string, tf: Timeframe, detail: Record<string, unknown>): AlertInput {
  return {
    key: providerGapKey(symbol, tf),
    kind: 'provider-gap',
    severity: 'warning',
    message: `${symbol} ${tf}: bars the provider cannot supply`,
    detail,
  };
}

export const JOB_FAILING = 'job-failing';

export function jobFailingAlerts(failing: readonly FailingJob[], withinHours: number): AlertInput[] {
  return failing.map((j) => ({
    key: `${JOB_FAILING}:${j.name}`,
    kind: JOB_FAILING,
    severity: 'critical',
    message: `${j.name}: ${j.failures} failed runs in ${withinHours} h` + (j.lastError ? `; last error: ${j.lastError.slice(0, 300)}` : ''),
    detail: { failures: j.failures, lastFailedAt: j.lastFailedAt.toISOString() },
  }));
}
