import { markJobFinished, markJobRetrying, markJobRunning, type Executor } from '@marketfleet/db';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { AnyJob, JobScope, ParsedPayloadOf, QueueBackend, QueueName } from '@marketfleet/jobs';
import { jobDuration, jobsTotal } from './metrics';

export interface JobContext {
  job: Job;
  log: Logger;
}

export interface HandlerResult {
  /** `skipped`: nothing to do (e.g. the market is closed); recorded, not an error. */
  status?: 'success' | 'skipped';
  barsWritten?: number;
  provider?: string | null;
  detail?: string | null;
}

export type Handler<J extends AnyJob> = (payload: ParsedPayloadOf<J>, ctx: JobContext) => Promise<HandlerResult | void>;

/** One handler per job of the queue: a missing or extra key is a type error. */
export type HandlerMap<Jobs extends readonly AnyJob[]> = {
  [K in Jobs[number]['name']]: Handler<Extract<Jobs[number], { name: K }>>;
};

export interface StartWorkerOptions<Jobs extends readonly AnyJob[]> {
  backend: QueueBackend;
  db: Executor;
  queue: QueueName;
  jobs: Jobs;
  handlers: HandlerMap<Jobs>;
  logger: Logger;
  concurrency?: number;
  /** How long a job may run without renewing its lock before another worker takes it over. */
  lockDuration?: number;
}

/** Checks at boot that every job of the queue has exactly one handler, and no stray ones. */
export function assertHandlers(queue: QueueName, jobs: readonly AnyJob[], handlers: object): void {
  const expected = jobs.filter((j) => j.queue === queue).map((j) => j.name);
  const missing = expected.filter((n) => !(n in handlers));
  const extra = Object.keys(handlers).filter((n) => !expected.includes(n));
  if (missing.length || extra.length || expected.length !== jobs.length) {
    throw new Error(
      `queue ${queue}: handlers missing for [${missing.join(', ')}], unknown handlers [${extra.join(', ')}]` +
        (expected.length !== jobs.length ? ', and some jobs belong to another queue' : ''),
    );
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

interface Held {
  db: Executor;
  logger: Logger;
  /** Jobs this process is running, with the lock token that lets it hand them back. */
  active: Map<string, { job: Job; token?: string }>;
  /** Jobs handed back at shutdown: whatever their handler does next is not recorded. */
  handedBack: Set<string>;
}
const held = new WeakMap<Worker, Held>();

export function startWorker<Jobs extends readonly AnyJob[]>(opts: StartWorkerOptions<Jobs>): Worker {
  const { backend, db, queue, jobs, handlers, logger } = opts;
  assertHandlers(queue, jobs, handlers);
  const byName = new Map<string, AnyJob>(jobs.map((j) => [j.name, j]));
  const state: Held = { db, logger, active: new Map(), handedBack: new Set() };

  const processor = async (job: Job, token?: string) => {
    state.active.set(job.id!, { job, token });
    try {
      return await run(job);
    } finally {
      state.active.delete(job.id!);
    }
  };

  const run = async (job: Job) => {
    const def = byName.get(job.name);
    if (!def) throw new UnrecoverableError(`no job named ${job.name} on queue ${queue}`);
    const parsed = def.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
    const scope: JobScope = def.scope?.(parsed.data) ?? { symbols: [], timeframes: [] };
    const log = logger.child({ queue, job: job.name, jobId: job.id });
    const handler = (handlers as Record<string, Handler<AnyJob>>)[job.name]!;
    const endTimer = jobDuration.startTimer({ queue, job_name: job.name });
    await markJobRunning(db, { jobId: job.id!, queue, name: job.name, ...scope, attempt: job.attemptsMade + 1 });
    try {
      const result = (await handler(parsed.data, { job, log })) ?? {};
      if (state.handedBack.has(job.id!)) return result;
      const status = result.status ?? 'success';
      await markJobFinished(db, job.id!, { ...result, status });
      jobsTotal.inc({ queue, job_name: job.name, outcome: status });
      log.info({ status, barsWritten: result.barsWritten ?? 0, detail: result.detail }, 'job done');
      return result;
    } catch (err) {
      if (state.handedBack.has(job.id!)) throw err;
      const attempts = job.opts.attempts ?? 1;
      const final = err instanceof UnrecoverableError || job.attemptsMade + 1 >= attempts;
      if (final) await markJobFinished(db, job.id!, { status: 'failed', error: message(err) });
      else await markJobRetrying(db, job.id!, message(err));
      jobsTotal.inc({ queue, job_name: job.name, outcome: final ? 'failed' : 'retry' });
      log.warn({ err: message(err), attempt: job.attemptsMade + 1, attempts, final }, 'job failed');
      throw err;
    } finally {
      endTimer();
    }
  };

  const lockDuration = opts.lockDuration ?? 60_000;
  const worker = backend.worker(queue, processor, {
    concurrency: opts.concurrency ?? 2,
    lockDuration,
    // A dead worker's job is taken over once two stalled checks in a row find its lock
    // gone, and BullMQ checks every 30 s whatever the lock: a 4 s lock would still hold a
    // chunk for a minute. Checking twice per lock keeps the takeover within about two locks.
    stalledInterval: Math.min(30_000, Math.max(1_000, Math.floor(lockDuration / 2))),
    // A chunk whose worker died, or could not renew its lock through a datastore
    // restart, must run again rather than fail: the writes are idempotent. A job that
    // keeps killing its workers still ends up failed.
    maxStalledCount: 3,
    // After a datastore error (a restart, a failover) BullMQ pauses fetching and
    // finishing jobs for this long; its 15 s default idles the fleet well past the outage.
    runRetryDelay: 3_000,
  });
  worker.on('error', (err) => logger.error({ err: message(err) }, 'worker error'));
  worker.on('stalled', (jobId) => logger.warn({ queue, jobId }, 'job stalled (its worker stopped renewing the lock): back to waiting'));
  // A job that stalled too often is failed by BullMQ itself, outside the processor: record it.
  worker.on('failed', (job, err) => {
    if (!job?.id || !/stalled/i.test(err.message)) return;
    markJobFinished(db, job.id, { status: 'failed', error: message(err) }).catch((e: unknown) =>
      logger.error({ err: message(e), jobId: job.id }, 'recording a stalled job failed'),
    );
  });
  held.set(worker, state);
  return worker;
}

/**
 * Stops taking jobs and lets the running ones finish for up to `graceMs`. Jobs still
 * running then are handed back: moved to waiting, so another worker takes them at once
 * rather than after their lock expires, and recorded as queued again. Handlers write in
 * transactions and idempotently, so abandoning one midway loses and duplicates nothing.
 */
export async function closeWorker(worker: Worker, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    worker.close().then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
  ]);
  clearTimeout(timer);
  const state = held.get(worker);
  if (finished || !state) return;
  for (const [jobId, { job, token }] of state.active) {
    state.handedBack.add(jobId);
    try {
      await job.moveToWait(token);
      await markJobRetrying(state.db, jobId, 'handed back: its worker shut down before the job finished');
      state.logger.warn({ jobId }, 'job handed back at shutdown');
    } catch (err) {
      // Its lock then lapses and the stalled check hands it over instead.
      state.logger.error({ jobId, err: message(err) }, 'could not hand the job back; it is taken over when its lock expires');
    }
  }
}
