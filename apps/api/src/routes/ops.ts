import type { Database } from '@marketfleet/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { register } from 'prom-client';
import { z } from 'zod';
import { ErrorBody } from '../errors';
import type { AppQueue } from '../queues';
import { withTimeout } from '../with-timeout';

const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  /** 'ok', or why the dependency failed. */
  checks: z.object({ database: z.string(), queue: z.string() }),
});

async function check(what: string, probe: () => PromiseLike<unknown>, timeoutMs: number): Promise<string> {
  try {
    await withTimeout(probe, timeoutMs, what);
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.message || err.name : String(err);
  }
}

export interface OpsOptions {
  database: Database;
  /** The queue readiness is judged by: the ingest queue, which every chart refresh needs. */
  probeQueue: AppQueue;
  readyTimeoutMs: number;
}

/** Probes for Kubernetes and the Prometheus scrape endpoint. */
export function opsRoutes({ database, probeQueue, readyTimeoutMs }: OpsOptions) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const typed = app.withTypeProvider<ZodTypeProvider>();

    // Liveness must not touch dependencies: a database outage should not restart every pod.
    typed.get(
      '/healthz',
      { schema: { response: { 200: z.object({ status: z.literal('ok') }) } } },
      async () => ({ status: 'ok' as const }),
    );

    typed.get(
      '/readyz',
      { schema: { response: { 200: Readiness, 503: Readiness, '5xx': ErrorBody } } },
      async (_req, reply) => {
        const [db, queue] = await Promise.all([
          check('database', () => database.sql`select 1`, readyTimeoutMs),
          check('queue', () => probeQueue.getJobCounts('waiting'), readyTimeoutMs),
        ]);
        const ready = db === 'ok' && queue === 'ok';
        if (!ready) app.log.warn({ database: db, queue }, 'not ready');
        return reply
          .status(ready ? 200 : 503)
          .send({ status: ready ? 'ready' : 'unavailable', checks: { database: db, queue } });
      },
    );

    typed.get(
      '/metrics',
      { schema: { response: { 200: z.string(), '5xx': ErrorBody } } },
      async (_req, reply) => {
        const body = await register.metrics();
        return reply.type(register.contentType).send(body);
      },
    );
  };
}
