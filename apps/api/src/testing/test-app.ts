// Shared by the integration tests: a real database per test file and a real queue backend.
import { createDatabase, type Database } from '@marketfleet/db';
import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { createQueueBackend, type QueueBackend, type QueueBackendKind } from '@marketfleet/jobs';
import { DEFAULT_POLICY, marketClock } from '@marketfleet/market';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestCallback, RouteOptions } from 'fastify';
import type { Logger } from '@marketfleet/runtime';
import { buildApp } from '../app';
import type { AppConfig } from '../env';

/** The keys a test app accepts unless its config says otherwise; `app.inject` sends the admin one. */
export const TEST_KEYS = { app: 'test-app-key-0000000000000001', admin: 'test-admin-key-000000000000001' } as const;

export const TEST_CONFIG: AppConfig = {
  chartMaxBars: 5000,
  policy: DEFAULT_POLICY,
  readyTimeoutMs: 2_000,
  apiKeys: { app: [TEST_KEYS.app], admin: [TEST_KEYS.admin] },
  // High enough that no test but the rate-limit one ever meets it.
  rateLimit: { appPerMinute: 100_000, adminPerMinute: 100_000 },
  corsOrigins: [],
  bodyLimitBytes: 64 * 1024,
};

const KEY_HEADERS = new Set(['authorization', 'apikey', 'x-api-key']);

/**
 * Makes `app.inject` send `key` as a bearer token whenever the request carries no key header
 * of its own, so tests about routes need not repeat it. A test that wants no key at all sends
 * `authorization: ''`, or starts the app with `key: null`.
 */
export function sendKeyByDefault(app: FastifyInstance, key: string | null): void {
  if (key === null) return;
  const inject = app.inject.bind(app);
  const withKey = (opts: InjectOptions | string): InjectOptions => {
    const o = typeof opts === 'string' ? { url: opts } : opts;
    const own = Object.keys(o.headers ?? {}).some((h) => KEY_HEADERS.has(h.toLowerCase()));
    return own ? o : { ...o, headers: { ...o.headers, authorization: `Bearer ${key}` } };
  };
  app.inject = ((opts?: InjectOptions | string, cb?: LightMyRequestCallback) => {
    if (opts === undefined) return inject();
    return cb ? inject(withKey(opts), cb) : inject(withKey(opts));
  }) as FastifyInstance['inject'];
}

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
  /** The key `app.inject` sends by default: the first admin key configured, else the first app key (null: none). */
  key?: string | null;
  onRoute?: (route: RouteOptions) => void;
  /** Where the app logs; without one it logs nothing. */
  logger?: Logger;
  /** A queue backend of the test's own (one that is down); else a fresh one of `kind`. */
  backend?: QueueBackend;
}): Promise<TestApp> {
  const backend = opts.backend ?? testBackend(opts.kind, opts.db.url);
  const now = opts.now;
  const app = await buildApp({
    database: opts.db.database,
    backend,
    clock: marketClock,
    config: { ...TEST_CONFIG, ...opts.config },
    now: now ? () => now : undefined,
    onRoute: opts.onRoute,
    logger: opts.logger,
  });
  opts.extraRoutes?.(app);
  await app.ready();
  const keys = { ...TEST_CONFIG, ...opts.config }.apiKeys;
  sendKeyByDefault(app, opts.key === undefined ? (keys.admin[0] ?? keys.app[0] ?? null) : opts.key);
  return { app, backend, database: opts.db.database, close: () => app.close() };
}

/** An app whose database (and PostgreSQL queue backend) is a port nothing listens on. */
export async function startUnreachableApp(opts: { logger?: Logger; config?: Partial<AppConfig> } = {}): Promise<TestApp> {
  const url = 'postgres://postgres@127.0.0.1:9/unreachable';
  const database = createDatabase(url, { max: 1, reconnectBackoffS: 0 });
  const backend = testBackend('postgres', url);
  const app = await buildApp({ database, backend, clock: marketClock, config: { ...TEST_CONFIG, readyTimeoutMs: 500, ...opts.config }, logger: opts.logger });
  await app.ready();
  sendKeyByDefault(app, TEST_KEYS.admin);
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
