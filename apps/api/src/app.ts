import type { Database } from '@marketfleet/db';
import { QueueName, type QueueBackend } from '@marketfleet/jobs';
import type { MarketClock } from '@marketfleet/market';
import Fastify, { LogController, type FastifyInstance, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { DEFAULT_CHART_CACHE_MAX_BYTES, type AppConfig } from './env';
import { frameworkErrors, registerErrorHandling } from './errors';
import { auth } from './plugins/auth';
import { bullBoard } from './plugins/bull-board';
import { deadline } from './plugins/deadline';
import { docs } from './plugins/docs';
import { httpMetrics } from './plugins/http-metrics';
import { mlMetrics } from './plugins/ml-metrics';
import { page } from './plugins/page';
import { REDACTED, requestLog, requestSerializers } from './plugins/request-log';
import { ResponseCache } from './plugins/response-cache';
import { security } from './plugins/security';
import { storeMetrics } from './plugins/store-metrics';
import { openQueues } from './queues';
import { alertRoutes } from './routes/alerts';
import { chartRoutes } from './routes/chart';
import { dataHealthRoutes } from './routes/data-health';
import { marketStatusRoutes } from './routes/market-status';
import { mlDashboardRoutes } from './routes/ml-dashboard';
import { opsRoutes } from './routes/ops';
import { optionRoutes } from './routes/options';
import { workRoutes } from './work/routes';
import type { Logger } from '@marketfleet/runtime';

export interface AppDeps {
  /** Owned by the caller, which closes it after the app (main.ts passes a guarded one). */
  database: Database & { onReplaced?(listener: () => void): void };
  /** The app opens its own queue handles from it and closes them on `app.close()`. */
  backend: QueueBackend;
  clock: MarketClock;
  config: AppConfig;
  /** Injected by tests so freshness is deterministic. */
  now?: () => Date;
  /** Without one the app logs nothing (tests). */
  logger?: Logger;
  /** Called for every route as it is registered (the fuzz test collects them). */
  onRoute?: (route: RouteOptions) => void;
}

/**
 * Keys arrive in these headers and must never reach a log line, whatever a handler logs; body
 * fields that name a credential are censored too, should a body ever be logged. Query parameters
 * are redacted by the `req` serializer (./plugins/request-log). pino replaces, not extends, a
 * parent's redaction in a child, so the shared paths are repeated.
 */
const REDACT = [
  ...['authorization', 'apikey', 'x-api-key', 'cookie'].flatMap((h) => ['req.headers', 'headers', 'request.headers'].map((at) => `${at}["${h}"]`)),
  ...['secret', 'password', 'keyId', 'authorization', 'apikey', 'api_key', 'token', 'access_token'].map((f) => `*.${f}`),
  // Node's parser keeps the raw bytes of a malformed request (headers included) on the error.
  'err.rawPacket',
];
/** Fastify takes a hop count at run time, but its types only a function for it. */
const trustProxy = (tp: AppConfig['trustProxy']) => (typeof tp === 'number' ? (_addr: string, hop: number) => hop < tp : (tp ?? false));

const DEFAULT_READY_TIMEOUT_MS = 2_000;
/**
 * Longer than any request takes with its dependencies answering: user-refresh waits for its jobs
 * up to `userRefreshWaitMs` on purpose, so it gets that much more.
 */
export function requestDeadlineMs(config: AppConfig): number {
  return config.requestDeadlineMs ?? Math.max(15_000, (config.userRefreshWaitMs ?? 4_000) + 10_000);
}

/** How long a chart may be served from the cache with no data change: bounds the staleness of freshness. */
const CHART_CACHE_TTL_MS = 15_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** The chart responses this process keeps (its size is reported in metrics and read by tests). */
    chartCache: ResponseCache;
  }
}

/** The whole HTTP app, not listening: `main.ts` listens, tests use `app.inject`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger
      ? { loggerInstance: deps.logger.child({}, { redact: { paths: REDACT, censor: REDACTED }, serializers: requestSerializers }) }
      : { logger: false }),
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: trustProxy(deps.config.trustProxy),
    frameworkErrors,
    // Fastify's two lines a request, both at info, are replaced by one at a level set by the outcome.
    logController: new LogController({ disableRequestLogging: true }),
    // A pino instance makes the instance generic over pino's Logger; the plugins take the default.
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  await app.register(requestLog);
  await app.register(deadline, { deadlineMs: requestDeadlineMs(deps.config) });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  // Order matters: CORS answers preflights before auth asks them for a key; auth (with its
  // rate limit) guards everything below; the docs see every route registered after them.
  await app.register(security, { corsOrigins: deps.config.corsOrigins });
  await app.register(auth, { apiKeys: deps.config.apiKeys, rateLimit: deps.config.rateLimit });
  await app.register(docs);

  const queues = openQueues(deps.backend, app.log);
  app.addHook('onClose', async () => {
    await Promise.allSettled(queues.map((q) => q.close()));
  });
  const probeQueue = queues.find((q) => q.name === QueueName.Ingest) ?? queues[0];
  if (!probeQueue) throw new Error('no queues to serve');

  await app.register(httpMetrics);
  await app.register(storeMetrics, { database: deps.database, queues });
  await app.register(mlMetrics, { database: deps.database, clock: deps.clock, slaMinutes: deps.config.policy.slaMinutes, now: deps.now });
  await app.register(
    opsRoutes({
      database: deps.database,
      probeQueue,
      readyTimeoutMs: deps.config.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    }),
  );
  const chartCache = new ResponseCache({ ttlMs: CHART_CACHE_TTL_MS, maxBytes: deps.config.chartCacheMaxBytes ?? DEFAULT_CHART_CACHE_MAX_BYTES });
  app.decorate('chartCache', chartCache);
  await app.register(chartRoutes(deps, chartCache));
  await app.register(alertRoutes(deps));
  await app.register(marketStatusRoutes(deps));
  await app.register(dataHealthRoutes(deps));
  await app.register(mlDashboardRoutes(deps));
  await app.register(optionRoutes(deps));
  await app.register(workRoutes(deps));
  await app.register(bullBoard, { queues, basePath: '/admin/queues' });
  await app.register(page);
  return app;
}
