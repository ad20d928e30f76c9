import {
  createPostgresBackend,
  FlowProducer,
  Queue,
  QueueEvents,
  assertSchemaCompatibility,
  runMigrations,
  Worker,
  type ConnectionOptions,
  type Processor,
  type QueueOptions,
  type WorkerOptions,
} from 'bullmq';
import { Pool } from 'pg';

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueBackendConfig {
  /** With a Redis URL every queue runs on Redis; without one, on PostgreSQL. */
  redisUrl?: string;
  databaseUrl: string;
  /** Redis key prefix. Use a `{hash-tag}` on Redis Cluster. */
  prefix?: string;
  /** PostgreSQL pool size of each queue object (the backend's own pool). */
  poolSize?: number;
}

type WorkerOpts = Omit<WorkerOptions, 'connection' | 'prefix'>;

/**
 * The one place that knows which datastore the queues live in. Everything else builds
 * queues, workers and flows through it and speaks the same BullMQ API on both.
 */
export interface QueueBackend {
  readonly kind: QueueBackendKind;
  queue(name: string, opts?: Omit<QueueOptions, 'connection' | 'prefix'>): Queue;
  worker(name: string, processor: Processor, opts?: WorkerOpts): Worker;
  flowProducer(): FlowProducer;
  queueEvents(name: string): QueueEvents;
}

export function redisConnection(url: string, forWorker: boolean): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Workers wait out Redis outages; producers fail fast so a request gets an error.
    maxRetriesPerRequest: forWorker ? null : 1,
  };
}

export function createQueueBackend(cfg: QueueBackendConfig): QueueBackend {
  const prefix = cfg.prefix ?? 'marketfleet';
  if (cfg.redisUrl) {
    const redisUrl = cfg.redisUrl;
    return {
      kind: 'redis',
      queue: (name, opts) => new Queue(name, { ...opts, prefix, connection: redisConnection(redisUrl, false) }),
      worker: (name, processor, opts) =>
        new Worker(name, processor, { ...opts, prefix, connection: redisConnection(redisUrl, true) }),
      flowProducer: () => new FlowProducer({ prefix, connection: redisConnection(redisUrl, false) }),
      queueEvents: (name) => new QueueEvents(name, { prefix, connection: redisConnection(redisUrl, true) }),
    };
  }
  const connection = { connectionString: cfg.databaseUrl, max: cfg.poolSize ?? 4 };
  // BullMQ's classes are generic over the backend; the API they expose is the same.
  return {
    kind: 'postgres',
    queue: (name, opts) => new Queue(name, { ...opts, connection }, createPostgresBackend) as unknown as Queue,
    worker: (name, processor, opts) =>
      new Worker(name, processor, { ...opts, connection }, createPostgresBackend) as unknown as Worker,
    flowProducer: () => new FlowProducer({ connection }, createPostgresBackend) as unknown as FlowProducer,
    queueEvents: (name) => new QueueEvents(name, { connection }, createPostgresBackend) as unknown as QueueEvents,
  };
}

/** Creates or upgrades BullMQ's own schema (`bullmq`) in a PostgreSQL database. Idempotent. */
export async function migrateQueueSchema(databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  const client = await pool.connect();
  try {
    await runMigrations(client);
  } finally {
    client.release();
    await pool.end();
  }
}

/**
 * Fails fast, with the fix in the message, when queues live in PostgreSQL and its
 * schema is missing or too old: BullMQ's workers would otherwise retry without pause.
 */
export async function assertQueueSchema(cfg: QueueBackendConfig): Promise<void> {
  if (cfg.redisUrl) return;
  const pool = new Pool({ connectionString: cfg.databaseUrl, max: 1 });
  try {
    const client = await pool.connect();
    try {
      await assertSchemaCompatibility(client);
    } finally {
      client.release();
    }
  } catch (err) {
    throw new Error(`the queue schema in PostgreSQL is not ready (${(err as Error).message}); run \`marketfleet migrate\` first`);
  } finally {
    await pool.end();
  }
}
