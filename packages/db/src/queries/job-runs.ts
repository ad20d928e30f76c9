import type { Timeframe } from '@marketfleet/market';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { jobRuns } from '../schema';
import { notifyDataChanged } from './notify';
import { pgArray } from './pg-array';

export type JobRunStatus = 'queued' | 'running' | 'success' | 'failed' | 'skipped';

export interface JobRunStart {
  jobId: string;
  queue: string;
  name: string;
  symbols: readonly string[];
  timeframes: readonly string[];
  triggeredBy?: string;
}

/** Recorded by producers. A job that is already running keeps its state. */
export async function markJobQueued(db: Executor, run: JobRunStart): Promise<void> {
  await db.execute(sql`
    insert into job_runs (job_id, queue, name, symbols, timeframes, status, triggered_by)
    values (${run.jobId}, ${run.queue}, ${run.name}, ${pgArray(run.symbols)}::text[], ${pgArray(run.timeframes)}::text[],
            'queued', ${run.triggeredBy ?? 'system'})
    on conflict (job_id) do update set status = 'queued', error = null, updated_at = now()
    where job_runs.status <> 'running'`);
  await announce(db, run.symbols, run.timeframes);
}

/** A job fetching bars changes whether charts of its series read `updating`. */
async function announce(db: Executor, tickers: readonly string[], timeframes: readonly string[]): Promise<void> {
  if (timeframes.length > 0) await notifyDataChanged(db, { symbolIds: [], tickers, timeframes });
}

export async function markJobRunning(db: Executor, run: JobRunStart & { attempt: number }): Promise<void> {
  await db.execute(sql`
    insert into job_runs (job_id, queue, name, symbols, timeframes, status, attempts, triggered_by, started_at)
    values (${run.jobId}, ${run.queue}, ${run.name}, ${pgArray(run.symbols)}::text[], ${pgArray(run.timeframes)}::text[],
            'running', ${run.attempt}, ${run.triggeredBy ?? 'system'}, now())
    on conflict (job_id) do update set status = 'running', attempts = excluded.attempts,
      symbols = excluded.symbols, timeframes = excluded.timeframes, error = null,
      started_at = now(), finished_at = null, updated_at = now()`);
  await announce(db, run.symbols, run.timeframes);
}

export interface JobRunOutcome {
  status: Exclude<JobRunStatus, 'queued' | 'running'>;
  barsWritten?: number;
  provider?: string | null;
  error?: string | null;
  detail?: string | null;
}

export async function markJobFinished(db: Executor, jobId: string, outcome: JobRunOutcome): Promise<void> {
  const [run] = await db.execute<{ symbols: string[]; timeframes: string[] }>(sql`
    update job_runs set status = ${outcome.status}, bars_written = ${outcome.barsWritten ?? 0},
      provider = ${outcome.provider ?? null}, error = ${outcome.error ?? null}, detail = ${outcome.detail ?? null},
      finished_at = now(), updated_at = now()
    where job_id = ${jobId}
    returning symbols, timeframes`);
  if (run) await announce(db, run.symbols, run.timeframes);
}

/**
 * Whether a job fetching this timeframe for this symbol (or for the whole watchlist, when
 * it names no symbols) is queued or running. Rows left
 * behind by a crashed process stop counting once they are older than `staleAfterMs`.
 */
export async function hasActiveJob(
  db: Executor,
  ticker: string,
  timeframe: Timeframe,
  staleAfterMs = 30 * 60_000,
): Promise<boolean> {
  const rows = await db.execute(sql`
    select 1 from job_runs
    where status in ('queued', 'running')
      and updated_at > now() - make_interval(secs => ${staleAfterMs / 1000})
      and (cardinality(symbols) = 0 or ${ticker} = any(symbols))
      and ${timeframe} = any(timeframes)
    limit 1`);
  return rows.length > 0;
}

/** A failed attempt that will be retried: back to queued, with the error kept for operators. */
export async function markJobRetrying(db: Executor, jobId: string, error: string): Promise<void> {
  await db.execute(sql`
    update job_runs set status = 'queued', error = ${error}, updated_at = now() where job_id = ${jobId}`);
}

export type JobRun = typeof jobRuns.$inferSelect;

export async function getJobRun(db: Executor, jobId: string): Promise<JobRun | null> {
  const [row] = await db.select().from(jobRuns).where(eq(jobRuns.jobId, jobId));
  return row ?? null;
}

export async function getJobRuns(db: Executor, jobIds: readonly string[]): Promise<JobRun[]> {
  if (jobIds.length === 0) return [];
  return db.select().from(jobRuns).where(inArray(jobRuns.jobId, [...jobIds]));
}

/** Runs still queued or running, oldest first: what the queue store should be holding. */
export async function unfinishedJobRuns(db: Executor, limit = 10_000): Promise<JobRun[]> {
  return db.select().from(jobRuns).where(inArray(jobRuns.status, ['queued', 'running'])).orderBy(asc(jobRuns.id)).limit(limit);
}
