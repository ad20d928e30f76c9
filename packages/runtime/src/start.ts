import { createDatabase } from '@marketfleet/db';
import { assertQueueSchema, createQueueBackend, type QueueEnv } from '@marketfleet/jobs';
import type { z } from 'zod';
import { guardDatabase } from './database-guard';
import type { ProcessEnv } from './env';
import { createLogger } from './logger';
import { collectProcessMetrics, startMetricsServer } from './metrics';

export type ProcessStartEnv = QueueEnv & Pick<z.infer<typeof ProcessEnv>, 'LOG_LEVEL'>;

/**
 * How every app starts: a logger named for it, a database client that outlives a database
 * restart (see guardDatabase), and the queue backend once its schema is known to be ready.
 */
export async function startProcess(name: string, env: ProcessStartEnv, poolSize: number) {
  const logger = createLogger(name, env.LOG_LEVEL);
  const database = guardDatabase(() => createDatabase(env.DATABASE_URL, { max: poolSize, appName: `marketfleet-${name}` }), {
    url: env.DATABASE_URL,
    logger,
  });
  const queueConfig = { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX };
  try {
    await assertQueueSchema(queueConfig);
  } catch (err) {
    await database.close();
    throw err;
  }
  return { logger, database, queueConfig, backend: createQueueBackend(queueConfig) };
}

export type QueueProcessEnv = ProcessStartEnv & Pick<z.infer<typeof ProcessEnv>, 'METRICS_PORT'>;

/** The scheduler and the workers: the start-up above, and /metrics with the process's own metrics. */
export async function startQueueProcess(name: string, env: QueueProcessEnv, poolSize: number) {
  const started = await startProcess(name, env, poolSize);
  collectProcessMetrics();
  const metrics = await startMetricsServer(env.METRICS_PORT);
  return { ...started, closeMetrics: () => new Promise<void>((resolve) => metrics.close(() => resolve())) };
}

/**
 * An app's entry point: a failure to start is printed on stderr (the logger may not exist yet:
 * a bad environment fails before it does) and ends the process with status 1.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
