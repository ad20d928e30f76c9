import { ALL_QUEUES, type QueueBackend } from '@marketfleet/jobs';
import type { FastifyBaseLogger } from 'fastify';

export type AppQueue = ReturnType<QueueBackend['queue']>;

/**
 * The API's own handles on every queue, shared by readiness, metrics and Bull Board. They only
 * read and manage queues; the app closes them when it closes.
 */
export function openQueues(backend: QueueBackend, log: FastifyBaseLogger): AppQueue[] {
  return ALL_QUEUES.map((name) => {
    const queue = backend.queue(name);
    // Without a listener an 'error' event (Redis or PostgreSQL gone) would crash the process;
    // the failing request or probe reports it instead.
    queue.on('error', (err) => log.warn({ err, queue: name }, 'queue connection error'));
    return queue;
  });
}
