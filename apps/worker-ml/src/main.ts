import { createDatabase } from '@marketfleet/db';
import {
  collectProcessMetrics,
  createLogger,
  assertQueueSchema,
  createQueueBackend,
  ML_JOBS,
  onShutdown,
  QueueName,
  startMetricsServer,
  startWorker,
} from '@marketfleet/jobs';
import { loadEnv } from './env';

/** Consumes the ml queue. It has no jobs yet; it already connects, reports and shuts down like the others. */
async function main() {
  const env = loadEnv();
  const logger = createLogger('worker-ml', env.LOG_LEVEL);
  const database = createDatabase(env.DATABASE_URL, { max: env.ML_CONCURRENCY + 1, appName: 'worker-ml' });
  await database.sql`select 1`;
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
    env.SHUTDOWN_TIMEOUT_MS,
    () => worker.close(),
    () => new Promise((r) => metrics.close(r)),
    () => database.close(),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
