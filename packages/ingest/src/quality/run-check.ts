import {
  failingJobs,
  latestBarTimes,
  providerGapRangesBySymbol,
  raiseAlerts,
  readBarsForCheck,
  resolveAlerts,
  resolveAlertsOfKind,
  resolveFindings,
  upsertFindings,
  type FindingInput,
  type UpsertedFinding,
} from '@marketfleet/db';
import { corporateActionsSync, repairGap } from '@marketfleet/jobs';
import { addDays, weekday, type MarketClock, type Timeframe } from '@marketfleet/market';
import type { IngestDeps } from '../deps';
import { JOB_FAILING, jobFailingAlerts, planAlerts, type SeriesOutcome } from './alert-plan';
import { checkSeries, checkWindow } from './check-series';
import type { ExplainJump, QualityConfig } from './config';
import { findingsSeen } from './metrics';
import { splitJumpSyncs } from './split-syncs';
import { CHECKED_KINDS } from './types';

export interface CheckRequest {
  /** Ticker → symbol id. */
  symbols: ReadonlyMap<string, number>;
  timeframes: readonly Timeframe[];
  sessions: number;
}

export interface CheckOutcome {
  byKind: Record<string, number>;
  resolved: number;
  repairsQueued: number;
  /** Gaps whose repair was already waiting, or whose attempts are spent. */
  repairsSkipped: number;
  /** Corporate-action syncs asked for around new split-sized jumps. */
  actionSyncsQueued: number;
  alertsRaised: number;
  alertsResolved: number;
}

/** The repair attempts recorded on a gap finding. */
export function repairAttemptsOf(detail: Record<string, unknown>): number {
  const repair = detail.repair as { attempts?: unknown } | undefined;
  return typeof repair?.attempts === 'number' ? repair.attempts : 0;
}

/** The sessions a repair re-fetches: the gap's session, or for w1 its whole week. */
export function repairRange(clock: MarketClock, tf: Timeframe, sessionDate: string): { from: string; to: string } {
  if (tf !== 'w1') return { from: sessionDate, to: sessionDate };
  const sunday = addDays(sessionDate, 6 - ((weekday(sessionDate) + 6) % 7));
  const week = clock.sessionsBetween(sessionDate, sunday);
  return { from: sessionDate, to: week[week.length - 1]?.date ?? sessionDate };
}

/**
 * Checks every symbol × timeframe of the request, records what it found (and resolves
 * what is gone) one timeframe per transaction, queues a repair per gap still worth one,
 * and raises or resolves the alerts of everything it looked at.
 */
export async function runQualityCheck(
  deps: IngestDeps,
  req: CheckRequest,
  cfg: QualityConfig,
  explain: ExplainJump,
): Promise<CheckOutcome> {
  const { db, clock } = deps;
  const now = deps.now();
  const ids = [...req.symbols.values()];
  const tickerOf = new Map([...req.symbols].map(([ticker, id]) => [id, ticker]));
  const out: CheckOutcome = { byKind: {}, resolved: 0, repairsQueued: 0, repairsSkipped: 0, actionSyncsQueued: 0, alertsRaised: 0, alertsResolved: 0 };
  const series: SeriesOutcome[] = [];
  const gaps: UpsertedFinding[] = [];
  const jumps: UpsertedFinding[] = [];

  for (const tf of req.timeframes) {
    const window = checkWindow(clock, tf, now, req.sessions, cfg.jump.window);
    if (!window) continue;
    const [bars, latest, known] = await Promise.all([
      readBarsForCheck(db, tf, ids, window.readFrom),
      latestBarTimes(db, tf, ids),
      providerGapRangesBySymbol(db, tf, ids, { from: window.readFrom }),
    ]);
    const rows: FindingInput[] = [];
    const knownMissing = new Map<number, number>();
    for (const [symbol, symbolId] of req.symbols) {
      const result = checkSeries(
        clock,
        {
          symbol, timeframe: tf, fromDate: window.fromDate, toDate: window.toDate, now,
          bars: bars.get(symbolId) ?? [], lastBarTs: latest.get(symbolId) ?? null, providerGaps: known.get(symbolId),
        },
        cfg,
        explain,
      );
      knownMissing.set(symbolId, result.knownMissing);
      for (const f of result.findings) rows.push({ symbolId, timeframe: tf, ...f });
    }
    const upserted = await db.transaction(async (tx) => {
      const written = await upsertFindings(tx, rows);
      const scope = { symbolIds: ids, timeframe: tf, kinds: CHECKED_KINDS, fromDate: window.fromDate, toDate: window.toDate };
      out.resolved += await resolveFindings(tx, scope, written.map((f) => f.id));
      return written;
    });
    for (const f of upserted) {
      out.byKind[f.kind] = (out.byKind[f.kind] ?? 0) + 1;
      if (f.kind === 'gap') gaps.push(f);
      if (f.kind === 'price_jump') jumps.push(f);
    }
    for (const [symbolId, symbol] of tickerOf) {
      const findings = upserted.filter((f) => f.symbolId === symbolId);
      series.push({ symbol, timeframe: tf, findings, knownMissing: knownMissing.get(symbolId) ?? 0 });
    }
  }
  for (const [kind, n] of Object.entries(out.byKind)) findingsSeen.inc({ kind }, n);

  for (const gap of gaps) {
    if (gap.sessionDate === null || repairAttemptsOf(gap.detail) >= cfg.repairAttempts) {
      out.repairsSkipped++;
      continue;
    }
    const payload = { symbol: tickerOf.get(gap.symbolId)!, timeframe: gap.timeframe, ...repairRange(clock, gap.timeframe, gap.sessionDate) };
    const { duplicate } = await deps.producer.enqueue(repairGap, payload, { triggeredBy: 'quality-check' });
    if (duplicate) out.repairsSkipped++;
    else out.repairsQueued++;
  }

  // A split-sized jump no stored action explains: the provider may know the split.
  for (const sync of splitJumpSyncs(jumps, tickerOf)) {
    const { duplicate } = await deps.producer.enqueue(corporateActionsSync, sync, { triggeredBy: 'quality-check' });
    if (!duplicate) out.actionSyncsQueued++;
  }

  const plan = planAlerts(series);
  const since = new Date(now.getTime() - cfg.failingJobs.withinHours * 3600_000);
  const failing = jobFailingAlerts(await failingJobs(db, { since, minFailures: cfg.failingJobs.failures }), cfg.failingJobs.withinHours);
  out.alertsRaised = (await raiseAlerts(db, [...plan.raise, ...failing])).length;
  out.alertsResolved =
    (await resolveAlerts(db, plan.resolve)) + (await resolveAlertsOfKind(db, JOB_FAILING, failing.map((a) => a.key)));
  return out;
}
