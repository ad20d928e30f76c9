// Shared by the integration tests: a real database per test file and a real queue backend.
import { createDatabase, type Database } from '@marketfleet/db';
import { createTestDatabase, type TestDatabase } from '@marketfleet/db/testing';
import { createQueueBackend, type QueueBackend, type QueueBackendKind } from '@marketfleet/jobs';
import { marketClock } from '@marketfleet/market-clock';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import type { AppConfig } from '../env';

export const TEST_CONFIG: AppConfig = {
  chartMaxBars: 5000,
  slaMinutes: { m15: 30, h1: 120, h4: 480, d1: 1440, w1: 10_080 },
  readyTimeoutMs: 2_000,
};

export const redisUrl = () => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testBackend(kind: QueueBackendKind, databaseUrl: string): QueueBackend {
  return createQueueBackend({
    databaseUrl,
    redisUrl: kind === 'redis' ? redisUrl() : undefined,
    // Test files share one Redis; a prefix of their own keeps their queues apart.
    prefix: `mf-api-test-${randomBytes(4).toString('hex')}`,
  });
}

export interface TestApp {
  app: FastifyInstance;
  backend: QueueBackend;
  database: Database;
  close(): Promise<void>;
}

export async function startTestApp(opts: {
  db: TestDatabase;
  kind: QueueBackendKind;
  now?: Date;
  config?: Partial<AppConfig>;
  /** Extra routes a test needs, registered before the app is ready. */
  extraRoutes?: (app: FastifyInstance) => void;
}): Promise<TestApp> {
  const backend = testBackend(opts.kind, opts.db.url);
  const now = opts.now;
  const app = await buildApp({
    database: opts.db.database,
    backend,
    clock: marketClock,
    config: { ...TEST_CONFIG, ...opts.config },
    now: now ? () => now : undefined,
  });
  opts.extraRoutes?.(app);
  await app.ready();
  return { app, backend, database: opts.db.database, close: () => app.close() };
}

/** An app whose database (and PostgreSQL queue backend) is a port nothing listens on. */
export async function startUnreachableApp(): Promise<TestApp> {
  const url = 'postgres://postgres@127.0.0.1:9/unreachable';
  const database = createDatabase(url, { max: 1 });
  const backend = testBackend('postgres', url);
  const app = await buildApp({ database, backend, clock: marketClock, config: { ...TEST_CONFIG, readyTimeoutMs: 500 } });
  await app.ready();
  return {
    app,
    backend,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export { createTestDatabase, type TestDatabase };
