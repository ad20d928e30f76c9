import { listWatchlist } from '@marketfleet/db';
import { type coverageSweep } from '@marketfleet/jobs';
import type { IngestDeps } from '../deps';
import type { Handler } from '@marketfleet/runtime';
import { Priority } from '../backfill';
import { ensureCoverage } from '../coverage/ensure';

/**
 * Brings symbols to full coverage over each timeframe's history depth as one tracked
 * backfill: deep (a new symbol, ahead of routine work) or nightly. Running it again while
 * its chunks wait queues nothing new.
 */
export const handleCoverageSweep =
  (deps: IngestDeps): Handler<typeof coverageSweep> =>
  async (p) => {
    const symbols = p.symbols ?? (await listWatchlist(deps.db)).map((s) => s.ticker);
    if (symbols.length === 0) return { status: 'skipped', detail: 'no symbols' };
    const { coverage, backfill } = await ensureCoverage(
      { db: deps.db, clock: deps.clock, producer: deps.producer, now: deps.now() },
      {
        symbols,
        days: deps.policy.historyDays,
        kind: p.deep ? 'deep' : 'nightly',
        priority: p.deep ? Priority.Deep : Priority.Routine,
        createdBy: 'coverage-sweep',
      },
    );
    const answered = coverage.reduce((n, c) => n + c.answeredMissing, 0);
    const note = answered > 0 ? `; ${answered} missing bars already answered by the provider, left to repairs` : '';
    if (!backfill) return { status: 'success', detail: `${symbols.length} symbols complete${note}` };
    return {
      detail: `backfill ${backfill.id}: ${backfill.chunks} chunks for ${backfill.expectedBars} bars, ${backfill.newlyQueued} newly queued${note}`,
    };
  };
