import type { Timeframe } from '@marketfleet/market';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
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

export interface JobRunQueued extends JobRunStart {
  /** The validated payload as enqueued, so a job lost with the queue store can be queued again as it was. */
  payload?: unknown;
  priority?: number | null;
}

/**
 * A run that finished well: a later run of the same enqueue (a job taken over after its
 * completion was lost) neither moves it back nor fails it; only queueing it again does.
 */
const DONE = sql.raw(`('success', 'skipped')`);
const FINAL = sql.raw(`('success', 'skipped', 'failed')`);

/**
 * Recorded by producers. A job that is already running keeps its state; a finished one queued
 * again is a new run (enqueued_at moves, its bars written start over).
 */
export async function markJobQueued(db: Executor, run: JobRunQueued): Promise<void> {
  const payload = run.payload === undefined ? null : JSON.stringify(run.payload);
  await db.execute(sql`
    insert into job_runs (job_id, queue, name, symbols, timeframes, status, triggered_by, payload, priority)
    values (${run.jobId}, ${run.queue}, ${run.name}, ${pgArray(run.symbols)}::text[], ${pgArray(run.timeframes)}::text[],
            'queued', ${run.triggeredBy ?? 'system'}, ${payload}::jsonb, ${run.priority ?? null}::int)
    on conflict (job_id) do update set status = 'queued', error = null, updated_at = now(),
      payload = coalesce(excluded.payload, job_runs.payload), priority = excluded.priority,
      enqueued_at = case when job_runs.status in ${FINAL} then now() else job_runs.enqueued_at end,
      bars_written = case when job_runs.status in ${FINAL} then 0 else job_runs.bars_written end
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
      started_at = now(), finished_at = null, updated_at = now()
    where job_runs.status not in ${DONE}`);
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
    update job_runs set status = ${outcome.status},
      bars_written = case when status in ${DONE} then greatest(bars_written, ${outcome.barsWritten ?? 0}) else ${outcome.barsWritten ?? 0} end,
      provider = ${outcome.provider ?? null}, error = ${outcome.error ?? null}, detail = ${outcome.detail ?? null},
      finished_at = now(), updated_at = now()
    where job_id = ${jobId} ${outcome.status === 'failed' ? sql`and status not in ${DONE}` : sql``}
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
    update job_runs set status = 'queued', error = ${error}, updated_at = now() where job_id = ${jobId} and status not in ${DONE}`);
}

/**
 * The bars a job has written since it was queued, over all its runs, as the fetch ledger
 * (written in the same transactions as the bars) counts them. A run that finds its bars
 * already stored by an earlier run of the same enqueue writes none, and still counts them.
 */
export async function jobBarsWritten(db: Executor, jobId: string): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select coalesce(sum(l.bars_written), 0)::int as n
    from fetch_ledger l join job_runs r on r.job_id = l.job_id
    where l.job_id = ${jobId} and l.finished_at >= r.enqueued_at`);
  return row?.n ?? 0;
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

/** Runs still queued or running, oldest first: what the queue store should be holding. Paged by `afterId`. */
export async function unfinishedJobRuns(db: Executor, limit = 10_000, afterId = 0): Promise<JobRun[]> {
  return db
    .select()
    .from(jobRuns)
    .where(and(inArray(jobRuns.status, ['queued', 'running']), gt(jobRuns.id, afterId)))
    .orderBy(asc(jobRuns.id))
    .limit(limit);
}
