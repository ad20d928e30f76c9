import { join } from 'node:path';
import { loadMarketClock } from '@marketfleet/db';
import { startMlWorker, type ForecastDeps } from '@marketfleet/forecasting';
import { Producer } from '@marketfleet/jobs';
import { marketPolicy } from '@marketfleet/market';
import { closeWorker, createThreadPool, jobGraceMs, onShutdown, runMain, startQueueProcess } from '@marketfleet/runtime';
import { loadEnv } from './env';

/** The bundled thread entry next to this file in production, the TypeScript source under tsx. */
const THREAD_ENTRY = join(__dirname, __filename.endsWith('.ts') ? 'fit.thread.ts' : 'fit.thread.js');

async function main() {
  const env = loadEnv();
  const { logger, database, backend, closeMetrics } = await startQueueProcess('worker-ml', env, env.ML_CONCURRENCY + 2);
  const producer = new Producer(backend, database.db, logger);
  const pool = createThreadPool({ filename: THREAD_ENTRY, size: env.ML_THREADS });
  // Handlers read deps.clock at every use: a newly synced provider calendar takes effect at once.
  const deps: ForecastDeps = {
    db: database.db, clock: await loadMarketClock(database.db), policy: marketPolicy(env), pool, producer, now: () => new Date(), logger,
  };
  const reload = setInterval(() => {
    loadMarketClock(database.db)
      .then((clock) => (deps.clock = clock))
      .catch((err: unknown) => logger.warn({ err }, 'reloading the calendar failed'));
  }, 10 * 60_000);
  reload.unref();
  const worker = startMlWorker(deps, { backend, concurrency: env.ML_CONCURRENCY, lockDuration: env.LOCK_DURATION_MS });
  await worker.waitUntilReady();
  logger.info({ queues: backend.kind, threads: env.ML_THREADS }, 'worker-ml started');
  onShutdown(
    logger,
    { timeoutMs: env.SHUTDOWN_TIMEOUT_MS, stopWithParent: env.MARKETFLEET_STOP_WITH_PARENT },
    () => clearInterval(reload),
    () => closeWorker(worker, jobGraceMs(env.SHUTDOWN_TIMEOUT_MS)),
    () => pool.close(),
    () => producer.close(),
    closeMetrics,
    () => database.close(),
  );
}

runMain(main);
