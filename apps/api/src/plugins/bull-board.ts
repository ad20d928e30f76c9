import { createBullBoard } from '@bull-board/api';
import type { HTTPStatus } from '@bull-board/api/typings/app';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { toErrorReply } from '../errors';
import type { AppQueue } from '../queues';

export interface BullBoardOptions {
  queues: readonly AppQueue[];
  basePath: string;
}

/**
 * Bull Board for operators: job lists, retries, logs. It works the same on the Redis and the
 * PostgreSQL queue backend (its adapter asks BullMQ v6 for the backend instead of a Redis client).
 * It has no authentication of its own: keep /admin behind the ingress.
 */
export async function bullBoard(app: FastifyInstance, { queues, basePath }: BullBoardOptions): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Marketfleet queues' } },
  });
  // The board installs its own error handler in its scope; route it through ours so its failures
  // get the same body and its 5xx details stay in the log.
  serverAdapter.setErrorHandler((err) => {
    const { status, body } = toErrorReply(err, app.log);
    // The board's type lists only the statuses it produces itself; ours may add others (413, 415…).
    return { status: status as HTTPStatus, body };
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: basePath });
}
