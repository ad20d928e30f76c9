import { loadMarketClock } from '@marketfleet/db';
import { onShutdown, runMain, startProcess } from '@marketfleet/runtime';
import { buildApp, type AppDeps } from './app';
import { appConfig, loadEnv } from './env';
import { assertKeysConfigured } from './plugins/auth';

/** How often the synced provider calendar is re-read. */
const CLOCK_RELOAD_MS = 10 * 60_000;

async function main(): Promise<void> {
  const env = loadEnv();
  const config = appConfig(env);
  // Without keys every data route would answer 401: refuse to start instead, saying what to set.
  assertKeysConfigured(config.apiKeys);
  // The same start-up as the workers: the database client survives a database restart, which
  // the backfill and watchlist routes' transactions would otherwise not.
  const { logger, database, backend } = await startProcess('api', env, 10);
  const deps: AppDeps = { database, backend, clock: await loadMarketClock(database.db), config, logger };
  const app = await buildApp(deps);
  // Routes read deps.clock per request: a newly synced provider calendar is picked up here.
  const reload = setInterval(() => {
    loadMarketClock(database.db)
      .then((clock) => (deps.clock = clock))
      .catch((err: unknown) => logger.warn({ err }, 'reloading the market calendar failed'));
  }, CLOCK_RELOAD_MS);
  reload.unref();

  // The app first (stop taking requests, close queue handles), then the pool its requests used.
  onShutdown(logger, { timeoutMs: env.SHUTDOWN_TIMEOUT_MS, stopWithParent: env.MARKETFLEET_STOP_WITH_PARENT }, () => clearInterval(reload), () => app.close(), () => database.close());
  await app.listen({ port: env.PORT, host: env.HOST });
  logger.info({ queueBackend: backend.kind }, 'api listening');
}

runMain(main);
