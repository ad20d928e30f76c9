import { createDatabase } from '@marketfleet/db';
import { assertQueueSchema, createLogger, createQueueBackend, onShutdown } from '@marketfleet/jobs';
import { marketClock } from '@marketfleet/market-clock';
import { buildApp } from './app';
import { appConfig, loadEnv } from './env';

async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('api', env.LOG_LEVEL);
  const database = createDatabase(env.DATABASE_URL, { max: 10, appName: 'marketfleet-api' });
  const queueConfig = { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX };
  await assertQueueSchema(queueConfig);
  const backend = createQueueBackend(queueConfig);
  const app = await buildApp({ database, backend, clock: marketClock, config: appConfig(env), logger });

  // The app first (stop taking requests, close queue handles), then the pool its requests used.
  onShutdown(logger, env.SHUTDOWN_TIMEOUT_MS, () => app.close(), () => database.close());
  await app.listen({ port: env.PORT, host: env.HOST });
  logger.info({ queueBackend: backend.kind }, 'api listening');
}

main().catch((err: unknown) => {
  // The logger may not exist yet (a bad env fails before it does), so report on stderr.
  console.error(err);
  process.exit(1);
});
