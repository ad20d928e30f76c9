import { getJobRun, markJobFinished, markJobRetrying, unfinishedJobRuns, type Executor, type JobRun } from '@marketfleet/db';
import type { AnyJob } from './define-job';
import { INGEST_JOBS } from './definitions/ingest';
import { ML_JOBS } from './definitions/ml';
import type { Producer } from './producer';
import { ALL_QUEUES, type QueueName } from './queues';

const PAGE = 500;
const CATALOG = new Map<string, AnyJob>([...INGEST_JOBS, ...ML_JOBS].map((j) => [j.name, j]));

export interface ReconcileOutcome {
  /** Runs whose job was gone from the queue store, queued again with their payload and priority. */
  requeued: number;
  /** Lost runs that could not be queued again (no payload recorded): closed as failed. */
  closed: number;
  /** Runs the check could not settle this time (the queue store or the database failed); tried again next time. */
  errors: number;
}

const unfinished = (status: string | undefined) => status === 'queued' || status === 'running';

/**
 * Heals the queue store from job_runs, the durable record: a run still queued or running whose
 * job the store no longer has was lost with it (a Redis restart without persistence keeps
 * nothing). It is queued again with the same deterministic id, its original payload and
 * priority, so a backfill waiting on it finishes and nothing finished is fetched again. A job
 * without a deterministic id gets a new one, and its old run is closed naming it. A run
 * without a recorded payload (a schedule's repeat, which the re-applied schedule replaces) is
 * closed as failed, so the chart stops reporting `updating` for it. A worker still running a
 * lost job records its real outcome over either.
 */
export async function requeueLostJobs(
  producer: Producer,
  db: Executor,
  log?: { warn(obj: object, msg: string): void },
): Promise<ReconcileOutcome> {
  const out: ReconcileOutcome = { requeued: 0, closed: 0, errors: 0 };
  // A page at a time: a deep backfill's thousands of chunks never sit in memory at once.
  for (let page = await unfinishedJobRuns(db, PAGE); page.length > 0; page = await unfinishedJobRuns(db, PAGE, page[page.length - 1]!.id)) {
    for (const run of page) {
      if (!(ALL_QUEUES as readonly string[]).includes(run.queue)) continue;
      try {
        if (await producer.queue(run.queue as QueueName).getJob(run.jobId)) continue;
        // It may have finished between the two reads (and its job been removed since).
        if (!unfinished((await getJobRun(db, run.jobId))?.status)) continue;
        out[(await requeue(producer, db, run)) ? 'requeued' : 'closed']++;
      } catch (err) {
        out.errors++;
        log?.warn({ err: (err as Error).message, jobId: run.jobId }, 'a lost job could not be queued again; tried again at the next check');
      }
    }
  }
  return out;
}

async function requeue(producer: Producer, db: Executor, run: JobRun): Promise<boolean> {
  const def = CATALOG.get(run.name);
  const payload = run.payload === null ? undefined : def?.payload.safeParse(run.payload);
  if (!def || !payload?.success) {
    await markJobFinished(db, run.jobId, { status: 'failed', error: 'lost: the queue store no longer has this job, and its payload was not recorded' });
    return false;
  }
  const opts = { ...(run.priority !== null ? { priority: run.priority } : {}), triggeredBy: run.triggeredBy };
  if (!def.jobId) {
    // The store numbered it: a new job, a new number.
    const { jobId } = await producer.enqueue(def, payload.data, opts);
    await markJobFinished(db, run.jobId, { status: 'failed', error: `lost: the queue store no longer has this job; queued again as ${jobId}` });
    return true;
  }
  // Queued first: a worker that takes the new job at once then records it running.
  if (run.status === 'running') await markJobRetrying(db, run.jobId, 'lost with the queue store while running: queued again');
  await producer.enqueue(def, payload.data, { ...opts, jobId: run.jobId });
  return true;
}
