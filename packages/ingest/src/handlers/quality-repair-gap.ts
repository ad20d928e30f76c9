import {
  ensureSymbols,
  providerGapRanges,
  raiseAlerts,
  readBarsForCheck,
  recordProviderGaps,
  recordRepairAttempt,
  resolveFinding,
} from '@marketfleet/db';
import type { repairGap } from '@marketfleet/jobs';
import type { Session, Timeframe } from '@marketfleet/market';
import type { IngestDeps } from '../deps';
import { ingestBars } from '../ingest/ingest-bars';
import { providerGapAlert } from '../quality/alert-plan';
import { qualityConfig, type QualityConfig } from '../quality/config';
import { checkGaps } from '../quality/gap-check';
import { repairsDone } from '../quality/metrics';
import type { MissingRange } from '../quality/types';
import { asJobError } from './job-errors';
import type { Handler, HandlerResult } from '@marketfleet/runtime';

interface Missing {
  bars: number;
  /** Missing bars inside recorded provider gaps (not in `bars`). */
  known: number;
  ranges: MissingRange[];
}

/** What is still missing in the repair's sessions, by the same rules as the check. */
async function missingIn(
  deps: IngestDeps,
  cfg: QualityConfig,
  symbolId: number,
  tf: Timeframe,
  range: { from: string; to: string; sessions: Session[] },
): Promise<Missing> {
  const start = range.sessions[0]!.open;
  const [bars, providerGaps] = await Promise.all([
    readBarsForCheck(deps.db, tf, [symbolId], start),
    providerGapRanges(deps.db, symbolId, tf, { from: start }),
  ]);
  const { findings, knownMissing } = checkGaps(
    deps.clock,
    { timeframe: tf, fromDate: range.from, toDate: range.to, now: deps.now(), bars: bars.get(symbolId) ?? [], providerGaps },
    cfg.gapGraceMinutes,
  );
  const ranges = findings.flatMap((f) => f.detail.ranges as MissingRange[]);
  return { bars: findings.reduce((n, f) => n + (f.detail.missing as number), 0), known: knownMissing, ranges };
}

/**
 * Fetches a gap's sessions again through the normal ingest path and checks them again.
 * Filled: the finding is resolved. Still missing: the attempt is counted on the finding,
 * and once the attempts are spent the ranges are recorded as provider gaps, with what the
 * provider answered, so no check queues them again.
 */
export const handleRepairGap =
  (deps: IngestDeps, opts: { config?: QualityConfig } = {}): Handler<typeof repairGap> =>
  async (p, { job }): Promise<HandlerResult> => {
    const cfg = opts.config ?? qualityConfig(deps.policy);
    const now = deps.now();
    const sessions = deps.clock.sessionsBetween(p.from, p.to).filter((s) => s.open < now);
    const first = sessions[0];
    const last = sessions[sessions.length - 1];
    if (!first || !last) return { status: 'skipped', detail: 'no session in range yet' };
    const symbolId = (await ensureSymbols(deps.db, [p.symbol])).get(p.symbol)!;
    const key = { symbolId, timeframe: p.timeframe, sessionDate: p.from };
    const range = { from: p.from, to: p.to, sessions };

    const before = await missingIn(deps, cfg, symbolId, p.timeframe, range);
    if (before.bars === 0) {
      await resolveFinding(deps.db, { ...key, kind: 'gap' });
      repairsDone.inc({ outcome: 'nothing_missing' });
      return { status: 'skipped', detail: before.known > 0 ? 'a recorded provider gap' : 'nothing missing' };
    }
    const to = last.close < now ? last.close : now;
    const outcome = await ingestBars(deps, { symbols: [p.symbol], timeframes: [p.timeframe], from: first.open, to, jobId: job.id }).catch(
      asJobError,
    );
    const done = { barsWritten: outcome.barsWritten, provider: outcome.provider };
    const after = await missingIn(deps, cfg, symbolId, p.timeframe, range);
    if (after.bars === 0) {
      await resolveFinding(deps.db, { ...key, kind: 'gap' });
      repairsDone.inc({ outcome: 'filled' });
      return { ...done, detail: `filled ${before.bars} missing bars` };
    }

    const expected = deps.clock.countExpectedBars(p.timeframe, first.open, to);
    const answer = outcome.barsReceived === 0 ? 'no bars' : `${outcome.barsReceived} of ${expected} bars`;
    const attempts = await recordRepairAttempt(deps.db, key, { provider: outcome.provider, answer });
    if (attempts < cfg.repairAttempts) {
      repairsDone.inc({ outcome: 'still_missing' });
      return { ...done, detail: `attempt ${attempts} of ${cfg.repairAttempts}: ${after.bars} bars still missing (${answer})` };
    }
    await recordProviderGaps(
      deps.db,
      after.ranges.map((r) => ({
        symbolId, timeframe: p.timeframe, rangeStart: new Date(r.from), rangeEnd: new Date(r.to),
        provider: outcome.provider, answer, attempts,
      })),
    );
    await raiseAlerts(deps.db, [providerGapAlert(p.symbol, p.timeframe, { missingBars: after.bars, answer, from: p.from, to: p.to })]);
    repairsDone.inc({ outcome: 'provider_gap' });
    return { ...done, detail: `provider gap recorded after ${attempts} attempts: ${answer}` };
  };
