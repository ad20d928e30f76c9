import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from '../errors';
import { UNAVAILABLE_RETRY_AFTER_S } from '../unavailable';

export interface DeadlineOptions {
  /** How long any request may take before it is answered 503. */
  deadlineMs: number;
}

const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();

function clear(req: FastifyRequest): void {
  const timer = timers.get(req);
  if (timer) clearTimeout(timer);
  timers.delete(req);
}

/**
 * Every request is answered within `deadlineMs`. A dependency that refuses connections usually
 * fails a request at once (a 503), but one that never answers would not: BullMQ waits without end
 * for a Redis it never reached, and a stalled connection may hold a query. Past the deadline the
 * caller gets a 503 in the error body; the work itself cannot be cancelled and finishes (or not)
 * in the background, its late answer dropped with a warning.
 */
export const deadline = fp<DeadlineOptions>(
  async (app: FastifyInstance, { deadlineMs }) => {
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const timer = setTimeout(() => {
        timers.delete(req);
        if (reply.sent || reply.raw.headersSent) return;
        req.log.error({ deadlineMs }, 'request exceeded its deadline: a dependency does not answer');
        void sendError(reply, {
          status: 503,
          body: { error: 'unavailable', message: `no answer within ${deadlineMs / 1000} s: a service this request needs is not answering; retry shortly` },
          retryAfterS: UNAVAILABLE_RETRY_AFTER_S,
        });
      }, deadlineMs);
      timer.unref();
      timers.set(req, timer);
    });
    app.addHook('onResponse', async (req) => clear(req));
    app.addHook('onRequestAbort', async (req) => clear(req));
  },
  { name: 'deadline' },
);
