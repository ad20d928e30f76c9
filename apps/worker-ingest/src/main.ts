import { loadMarketClock } from '@marketfleet/db';
import { optionsSettings, Producer } from '@marketfleet/jobs';
import { marketClock, marketPolicy } from '@marketfleet/market';
import {
  createFleetQuota,
  createOptionChainProvider,
  createProvider,
  createReferenceProvider,
  providerConfig,
  quotaLimits,
} from '@marketfleet/providers';
import { countProviderResponse, quotaWaitSeconds, startIngestWorker, type IngestDeps } from '@marketfleet/ingest';
import { closeWorker, createQuotaStore, jobGraceMs, onShutdown, runMain, startQueueProcess } from '@marketfleet/runtime';
import { loadEnv } from './env';

async function main() {
  const env = loadEnv();
  const { logger, database, queueConfig, backend, closeMetrics } = await startQueueProcess('worker-ingest', env, env.INGEST_CONCURRENCY + 2);
  const producer = new Producer(backend, database.db, logger);
  const quotaStore = createQuotaStore(queueConfig, database.db);
  const quota = createFleetQuota({
    store: quotaStore,
    limits: quotaLimits(env),
    headroom: env.QUOTA_HEADROOM,
    windowMs: env.QUOTA_WINDOW_MS,
    onWait: (p, ms) => quotaWaitSeconds.inc({ provider: p }, ms / 1000),
  });
  const config = providerConfig(env, { beforeRequest: quota.beforeRequest, onResponse: countProviderResponse });
  const provider = createProvider({ ...config, clock: marketClock });
  const reference = createReferenceProvider({ ...config, clock: marketClock });
  const optionChains = createOptionChainProvider({ ...config, clock: marketClock });
  // Handlers read deps.clock at every use: a newly synced provider calendar takes effect at once.
  const deps: IngestDeps = {
    db: database.db, provider, reference, optionChains, options: optionsSettings(env), clock: await loadMarketClock(database.db),
    producer, policy: marketPolicy(env), now: () => new Date(), logger,
    reloadClock: async () => {
      deps.clock = await loadMarketClock(database.db);
    },
  };
  const reload = setInterval(() => void deps.reloadClock!().catch((err: unknown) => logger.warn({ err }, 'reloading the calendar failed')), 10 * 60_000);
  reload.unref();
  const worker = startIngestWorker(deps, { backend, concurrency: env.INGEST_CONCURRENCY, lockDuration: env.LOCK_DURATION_MS });
  logger.info({ provider: provider.name, queues: backend.kind, concurrency: env.INGEST_CONCURRENCY }, 'worker-ingest started');
  onShutdown(
    logger,
    { timeoutMs: env.SHUTDOWN_TIMEOUT_MS, stopWithParent: env.MARKETFLEET_STOP_WITH_PARENT },
    () => clearInterval(reload),
    () => closeWorker(worker, jobGraceMs(env.SHUTDOWN_TIMEOUT_MS)),
    () => producer.close(),
    () => quotaStore.close(),
    closeMetrics,
    () => database.close(),
  );
}

runMain(main);
