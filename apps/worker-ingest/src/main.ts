import { createDatabase } from '@marketfleet/db';
import {
  closeWorker,
  collectProcessMetrics,
  createLogger,
  jobGraceMs,
  assertQueueSchema,
  createQueueBackend,
  createQuotaStore,
  guardDatabase,
  onShutdown,
  Producer,
  startMetricsServer,
} from '@marketfleet/jobs';
import { marketClock } from '@marketfleet/market-clock';
import { createFleetQuota, createProvider, providerConfig, quotaLimits } from '@marketfleet/providers';
import { historyDays, loadEnv } from './env';
import { countProviderResponse, quotaWaitSeconds } from './metrics';
import { startIngestWorker } from './start';

async function main() {
  const env = loadEnv();
  const logger = createLogger('worker-ingest', env.LOG_LEVEL);
  // Guarded: the worker outlives a database restart (see guardDatabase).
  const database = guardDatabase(() => createDatabase(env.DATABASE_URL, { max: env.INGEST_CONCURRENCY + 2, appName: 'worker-ingest' }), {
    url: env.DATABASE_URL,
    logger,
  });
  const queueConfig = { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX };
  await assertQueueSchema(queueConfig);
  const backend = createQueueBackend(queueConfig);
  const producer = new Producer(backend, database.db);
  const quotaStore = createQuotaStore(queueConfig, database.db);
  const quota = createFleetQuota({
    store: quotaStore,
    limits: quotaLimits(env),
    headroom: env.QUOTA_HEADROOM,
    onWait: (p, ms) => quotaWaitSeconds.inc({ provider: p }, ms / 1000),
  });
  const provider = createProvider({
    ...providerConfig(env, { beforeRequest: quota.beforeRequest, onResponse: countProviderResponse }),
    clock: marketClock,
  });
  collectProcessMetrics();
  const metrics = await startMetricsServer(env.METRICS_PORT);
  const worker = startIngestWorker(
    { db: database.db, provider, clock: marketClock, producer, history: historyDays(env), now: () => new Date(), logger },
    { backend, concurrency: env.INGEST_CONCURRENCY, lockDuration: env.LOCK_DURATION_MS },
  );
  logger.info({ provider: provider.name, queues: backend.kind, concurrency: env.INGEST_CONCURRENCY }, 'worker-ingest started');
  onShutdown(
    logger,
    env.SHUTDOWN_TIMEOUT_MS,
    () => closeWorker(worker, jobGraceMs(env.SHUTDOWN_TIMEOUT_MS)),
    () => producer.close(),
    () => quotaStore.close(),
    () => new Promise((r) => metrics.close(r)),
    () => database.close(),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
