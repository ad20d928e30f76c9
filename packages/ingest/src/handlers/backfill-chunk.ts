import { jobBarsWritten } from '@marketfleet/db';
import { type backfillChunk } from '@marketfleet/jobs';
import type { IngestDeps } from '../deps';
import { ingestBars } from '../ingest/ingest-bars';
import { queueForecasts } from './follow-ups';
import { asJobError } from './job-errors';
import type { Handler } from '@marketfleet/runtime';

/** Fetches one planned chunk: whole sessions, capped at now. */
export const handleBackfillChunk =
  (deps: IngestDeps): Handler<typeof backfillChunk> =>
  async (p, { job }) => {
    const sessions = deps.clock.sessionsBetween(p.from, p.to);
    const now = deps.now();
    const first = sessions[0];
    if (!first || first.open >= now) return { status: 'skipped', detail: 'no session in range yet' };
    const last = sessions[sessions.length - 1]!;
    const to = last.close < now ? last.close : now;
    const outcome = await ingestBars(deps, { symbols: p.symbols, timeframes: p.timeframes, from: first.open, to, jobId: job.id }).catch(asJobError);
    // A chunk can run more than once for one request (taken over after a lost completion);
    // a later run finds the bars stored and writes none. The ledger counts every run's writes.
    const barsWritten = job.id ? Math.max(outcome.barsWritten, await jobBarsWritten(deps.db, job.id)) : outcome.barsWritten;
    await queueForecasts(deps, p.symbols, p.timeframes, outcome.barsWritten);
    return {
      barsWritten,
      provider: outcome.provider,
      detail: `${outcome.barsReceived} bars received, ${outcome.quarantined} quarantined, ${outcome.requests} requests` +
        (outcome.rejectedSymbols.length ? `, rejected: ${outcome.rejectedSymbols.join(',')}` : ''),
    };
  };
