import { markJobFinished, markJobRetrying, markJobRunning, type Executor } from '@marketfleet/db';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { QueueBackend } from '../backend';
import type { AnyJob, JobScope, ParsedPayloadOf } from '../define-job';
import type { QueueName } from '../queues';
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

export function startWorker<Jobs extends readonly AnyJob[]>(opts: StartWorkerOptions<Jobs>): Worker {
  const { backend, db, queue, jobs, handlers, logger } = opts;
  assertHandlers(queue, jobs, handlers);
  const byName = new Map<string, AnyJob>(jobs.map((j) => [j.name, j]));

  const processor = async (job: Job) => {
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
      const status = result.status ?? 'success';
      await markJobFinished(db, job.id!, { ...result, status });
      jobsTotal.inc({ queue, job_name: job.name, outcome: status });
      log.info({ status, barsWritten: result.barsWritten ?? 0, detail: result.detail }, 'job done');
      return result;
    } catch (err) {
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

  const worker = backend.worker(queue, processor, {
    concurrency: opts.concurrency ?? 2,
    lockDuration: opts.lockDuration ?? 60_000,
  });
  worker.on('error', (err) => logger.error({ err: message(err) }, 'worker error'));
  return worker;
}
