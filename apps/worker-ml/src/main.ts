import { createDatabase } from '@marketfleet/db';
import {
  closeWorker,
  collectProcessMetrics,
  createLogger,
  jobGraceMs,
  assertQueueSchema,
  createQueueBackend,
  guardDatabase,
  ML_JOBS,
  onShutdown,
  QueueName,
  startMetricsServer,
  startWorker,
} from '@marketfleet/jobs';
import { sql } from 'drizzle-orm';
import { loadEnv } from './env';

/** Consumes the ml queue. It has no jobs yet; it already connects, reports and shuts down like the others. */
async function main() {
  const env = loadEnv();
  const logger = createLogger('worker-ml', env.LOG_LEVEL);
  // Guarded: the worker outlives a database restart (see guardDatabase).
  const database = guardDatabase(() => createDatabase(env.DATABASE_URL, { max: env.ML_CONCURRENCY + 1, appName: 'worker-ml' }), {
    url: env.DATABASE_URL,
    logger,
  });
  await database.db.execute(sql`select 1`);
  const queueConfig = { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX };
  await assertQueueSchema(queueConfig);
  const backend = createQueueBackend(queueConfig);
  collectProcessMetrics();
  const metrics = await startMetricsServer(env.METRICS_PORT);
  const worker = startWorker({
    backend, db: database.db, queue: QueueName.Ml, jobs: ML_JOBS, handlers: {}, logger, concurrency: env.ML_CONCURRENCY,
  });
  await worker.waitUntilReady();
  logger.info({ queues: backend.kind }, 'worker-ml started');
  onShutdown(
    logger,
    { timeoutMs: env.SHUTDOWN_TIMEOUT_MS, stopWithParent: env.MARKETFLEET_STOP_WITH_PARENT },
    () => closeWorker(worker, jobGraceMs(env.SHUTDOWN_TIMEOUT_MS)),
    () => new Promise((r) => metrics.close(r)),
    () => database.close(),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
