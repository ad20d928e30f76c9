import fastifyRateLimit from '@fastify/rate-limit';
import { Redis } from '@marketfleet/jobs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppConfig } from '../env';
import { DEFAULT_NEW_SYMBOLS_PER_DAY, memoryNewSymbolStore, NewSymbolCap, redisNewSymbolStore } from './new-symbol-cap';

declare module 'fastify' {
  interface FastifyInstance {
    /** The per-key cap on symbols user-refresh may add, counted next to the rate limits. */
    newSymbolCap: NewSymbolCap;
  }
}

export interface RateLimitOptions extends Readonly<AppConfig['rateLimit']> {
  /** Requests never counted. */
  exempt(req: FastifyRequest): boolean;
}

const WINDOW_MS = 60_000;
/** A Redis that stops answering must not hold requests; past this the request goes uncounted. */
const REDIS_COMMAND_TIMEOUT_MS = 500;
/**
 * Without Redis, counters live in an LRU of this many keys and addresses (some 100 bytes each):
 * a flood from ever new addresses evicts the oldest counters rather than growing the process.
 */
const MEMORY_COUNTERS = 10_000;
/** How long startup waits for the store, so the first requests are counted like the rest. */
const REDIS_CONNECT_WAIT_MS = 2_000;

async function redisStore(app: FastifyInstance, url: string): Promise<Redis> {
  // Fail fast while Redis is down (no offline queue, one retry): the limiter then lets requests
  // through rather than failing them, as the routes themselves may not need Redis at all.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: REDIS_COMMAND_TIMEOUT_MS });
  let down = false;
  redis.on('error', (err) => {
    // ioredis reports every failed reconnect; one line per outage is enough.
    if (!down) app.log.warn({ err }, 'rate limit store unreachable: requests are not counted until it is back');
    down = true;
  });
  redis.on('ready', () => {
    down = false;
  });
  app.addHook('onClose', async () => {
    redis.disconnect();
  });
  // Without an offline queue, commands sent before the connection is up fail and go uncounted.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, REDIS_CONNECT_WAIT_MS);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}

/**
 * Per-key request limits over a one-minute window: by key id for callers with a key, by address
 * for the rest. With a Redis URL the counters live there under the queues' prefix, so every
 * replica counts against the same limit; without one, each process counts on its own.
 * Registers one onRequest hook, so it runs exactly where it is registered among the others.
 */
export const rateLimits = fp<RateLimitOptions>(
  async (app: FastifyInstance, opts) => {
    const redis = opts.redisUrl ? await redisStore(app, opts.redisUrl) : undefined;
    await app.register(fastifyRateLimit, {
      global: false,
      timeWindow: WINDOW_MS,
      redis,
      cache: MEMORY_COUNTERS,
      nameSpace: `${opts.prefix ?? 'marketfleet'}:rate-limit:`,
      skipOnError: true,
      keyGenerator: (req) => (req.caller ? `key:${req.caller.keyId}` : `ip:${req.ip}`),
      max: (req) => (req.caller?.role === 'admin' ? opts.adminPerMinute : opts.appPerMinute),
      allowList: (req) => opts.exempt(req),
      // Thrown, then answered by the app's error handler as {error: 'rate_limited', message}.
      errorResponseBuilder: (_req, ctx) =>
        Object.assign(new Error(`rate limit of ${ctx.max} requests a minute exceeded; retry in ${ctx.after}`), {
          statusCode: ctx.statusCode,
        }),
    });
    app.addHook('onRequest', app.rateLimit());
    const prefix = opts.prefix ?? 'marketfleet';
    const store = redis ? redisNewSymbolStore(redis, prefix) : memoryNewSymbolStore();
    app.decorate('newSymbolCap', new NewSymbolCap(store, opts.newSymbolsPerDay ?? DEFAULT_NEW_SYMBOLS_PER_DAY));
  },
  { name: 'rate-limits' },
);
