import { ML_JOBS, QueueName } from '@marketfleet/jobs';
import { sql } from 'drizzle-orm';
import { loadEnv } from './env';
import { closeWorker, jobGraceMs, onShutdown, runMain, startQueueProcess, startWorker } from '@marketfleet/runtime';

/** Consumes the ml queue. It has no jobs yet; it already connects, reports and shuts down like the others. */
async function main() {
  const env = loadEnv();
  const { logger, database, backend, closeMetrics } = await startQueueProcess('worker-ml', env, env.ML_CONCURRENCY + 1);
  await database.db.execute(sql`select 1`);
  const worker = startWorker({
    backend, db: database.db, queue: QueueName.Ml, jobs: ML_JOBS, handlers: {}, logger, concurrency: env.ML_CONCURRENCY,
  });
  await worker.waitUntilReady();
  logger.info({ queues: backend.kind }, 'worker-ml started');
  onShutdown(
    logger,
    { timeoutMs: env.SHUTDOWN_TIMEOUT_MS, stopWithParent: env.MARKETFLEET_STOP_WITH_PARENT },
    () => closeWorker(worker, jobGraceMs(env.SHUTDOWN_TIMEOUT_MS)),
    closeMetrics,
    () => database.close(),
  );
}

runMain(main);
