import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from '../errors';
import { UNAVAILABLE_RETRY_AFTER_S } from '../unavailable';

export interface DeadlineOptions {
  /** How long any request may take before it is answered 503. */
  deadlineMs: number;
}

/** How often requests in flight are checked, as a share of the deadline: answered within 1.25× of it. */
const CHECKS_PER_DEADLINE = 4;

/**
 * Every request is answered within `deadlineMs` (plus a quarter of it at most). A dependency that
 * refuses connections usually fails a request at once (a 503), but one that never answers would
 * not: BullMQ waits without end for a Redis it never reached, and a stalled connection may hold a
 * query. Past the deadline the caller gets a 503 in the error body; the work itself cannot be
 * cancelled and finishes (or not) in the background, its late answer dropped with a warning.
 *
 * One timer watches every request in flight rather than one armed and cleared a request. Every
 * request gets the same deadline, so the map (in insertion order) is also in order of due time,
 * and a check stops at the first request not yet due.
 */
export const deadline = fp<DeadlineOptions>(
  async (app: FastifyInstance, { deadlineMs }) => {
    const inflight = new Map<FastifyRequest, { reply: FastifyReply; due: number }>();
    const expire = (req: FastifyRequest, reply: FastifyReply) => {
      if (reply.sent || reply.raw.headersSent) return;
      req.log.error({ deadlineMs }, 'request exceeded its deadline: a dependency does not answer');
      void sendError(reply, {
        status: 503,
        body: { error: 'unavailable', message: `no answer within ${deadlineMs / 1000} s: a service this request needs is not answering; retry shortly` },
        retryAfterS: UNAVAILABLE_RETRY_AFTER_S,
      });
    };
    const check = setInterval(() => {
      const now = performance.now();
      for (const [req, { reply, due }] of inflight) {
        if (due > now) break;
        inflight.delete(req);
        expire(req, reply);
      }
    }, Math.max(1, Math.round(deadlineMs / CHECKS_PER_DEADLINE))).unref();
    app.addHook('onClose', (_app, done) => {
      clearInterval(check);
      done();
    });
    // Callback hooks, not promises: no microtask per hook on every request.
    app.addHook('onRequest', (req, reply, done) => {
      inflight.set(req, { reply, due: performance.now() + deadlineMs });
      done();
    });
    app.addHook('onResponse', (req, _reply, done) => {
      inflight.delete(req);
      done();
    });
    app.addHook('onRequestAbort', (req, done) => {
      inflight.delete(req);
      done();
    });
  },
  { name: 'deadline' },
);
