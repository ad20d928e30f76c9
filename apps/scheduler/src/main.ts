import { createDatabase } from '@marketfleet/db';
import {
  collectProcessMetrics,
  coverageSweep,
  createLogger,
  assertQueueSchema,
  createQueueBackend,
  onShutdown,
  Producer,
  QueueName,
  startMetricsServer,
} from '@marketfleet/jobs';
import { loadEnv } from './env';
import { applySchedules } from './schedules';

/**
 * The only producer of timed work; run exactly one (concurrent upserts of the same
 * schedulers from several replicas race).
 */
async function main() {
  const env = loadEnv();
  const logger = createLogger('scheduler', env.LOG_LEVEL);
  const database = createDatabase(env.DATABASE_URL, { max: 2, appName: 'scheduler' });
  const queueConfig = { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX };
  await assertQueueSchema(queueConfig);
  const backend = createQueueBackend(queueConfig);
  const producer = new Producer(backend, database.db);
  const queue = producer.queue(QueueName.Ingest);
  collectProcessMetrics();
  const metrics = await startMetricsServer(env.METRICS_PORT);

  // A queue store that lost its data (Redis keeps nothing on disk) also lost the
  // schedules and any waiting chunks: put the schedules back and sweep for gaps.
  // At start the sweep always runs: the fleet may have been down for a while.
  const reconcile = async (reason: string) => {
    const missing = await applySchedules(queue);
    if (missing > 0 || reason === 'start') {
      await producer.enqueue(coverageSweep, {}, { triggeredBy: `scheduler:${reason}` });
      logger.info({ missing, reason }, 'schedules applied, coverage sweep queued');
    }
  };
  await reconcile('start');
  const timer = setInterval(() => {
    reconcile('check').catch((err: unknown) => logger.error({ err }, 'schedule check failed'));
  }, env.SCHEDULE_CHECK_MS);

  logger.info({ queues: backend.kind }, 'scheduler started');
  onShutdown(
    logger,
    env.SHUTDOWN_TIMEOUT_MS,
    () => clearInterval(timer),
    () => producer.close(),
    () => new Promise((r) => metrics.close(r)),
    () => database.close(),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
