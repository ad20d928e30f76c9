import { createDatabase } from '@marketfleet/db';
import type { z } from 'zod';
import { assertQueueSchema, createQueueBackend } from '../backend';
import type { ProcessEnv, QueueEnv } from '../env';
import { guardDatabase } from './database-guard';
import { createLogger } from './logger';
import { collectProcessMetrics, startMetricsServer } from './metrics';

export type QueueProcessEnv = QueueEnv & Pick<z.infer<typeof ProcessEnv>, 'LOG_LEVEL' | 'METRICS_PORT'>;

/**
 * How the scheduler and the workers start: a logger named for the app, a database client
 * that outlives a database restart (see guardDatabase), the queue backend once its schema
 * is known to be ready, and /metrics with the process's own metrics.
 */
export async function startQueueProcess(name: string, env: QueueProcessEnv, poolSize: number) {
  const logger = createLogger(name, env.LOG_LEVEL);
  const database = guardDatabase(() => createDatabase(env.DATABASE_URL, { max: poolSize, appName: name }), { url: env.DATABASE_URL, logger });
  const queueConfig = { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX };
  await assertQueueSchema(queueConfig);
  const backend = createQueueBackend(queueConfig);
  collectProcessMetrics();
  const metrics = await startMetricsServer(env.METRICS_PORT);
  return {
    logger,
    database,
    queueConfig,
    backend,
    closeMetrics: () => new Promise<void>((resolve) => metrics.close(() => resolve())),
  };
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
