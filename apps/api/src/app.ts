import type { Database } from '@marketfleet/db';
import { QueueName, type Logger, type QueueBackend } from '@marketfleet/jobs';
import type { MarketClock } from '@marketfleet/market-clock';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppConfig } from './env';
import { registerErrorHandling } from './errors';
import { bullBoard } from './plugins/bull-board';
import { httpMetrics } from './plugins/http-metrics';
import { storeMetrics } from './plugins/store-metrics';
import { openQueues } from './queues';
import { alertRoutes } from './routes/alerts';
import { chartRoutes } from './routes/chart';
import { marketStatusRoutes } from './routes/market-status';
import { opsRoutes } from './routes/ops';

export interface AppDeps {
  /** Owned by the caller, which closes it after the app. */
  database: Database;
  /** The app opens its own queue handles from it and closes them on `app.close()`. */
  backend: QueueBackend;
  clock: MarketClock;
  config: AppConfig;
  /** Injected by tests so freshness is deterministic. */
  now?: () => Date;
  /** Without one the app logs nothing (tests). */
  logger?: Logger;
}

const BODY_LIMIT_BYTES = 1024 * 1024;
const DEFAULT_READY_TIMEOUT_MS = 2_000;
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The whole HTTP app, not listening: `main.ts` listens, tests use `app.inject`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Probes and scrapes arrive every few seconds; logging each would drown real requests.
    logController: new LogController({ disableRequestLogging: (req) => QUIET_PATHS.has(req.url) }),
    // A pino instance makes the instance generic over pino's Logger; the plugins take the default.
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  const queues = openQueues(deps.backend, app.log);
  app.addHook('onClose', async () => {
    await Promise.allSettled(queues.map((q) => q.close()));
  });
  const probeQueue = queues.find((q) => q.name === QueueName.Ingest) ?? queues[0];
  if (!probeQueue) throw new Error('no queues to serve');

  await app.register(httpMetrics);
  await app.register(storeMetrics, { database: deps.database, queues });
  await app.register(
    opsRoutes({
      database: deps.database,
      probeQueue,
      readyTimeoutMs: deps.config.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    }),
  );
  await app.register(chartRoutes(deps));
  await app.register(alertRoutes(deps));
  await app.register(marketStatusRoutes(deps));
  await app.register(bullBoard, { queues, basePath: '/admin/queues' });
  return app;
}
