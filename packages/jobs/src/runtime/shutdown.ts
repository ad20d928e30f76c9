import type { Logger } from 'pino';

export type Closer = () => Promise<unknown> | unknown;

/**
 * On the first SIGTERM or SIGINT, runs the closers in order and exits 0. If they take
 * longer than `timeoutMs` (keep it under the pod's terminationGracePeriodSeconds), or
 * a second signal arrives, exits 1 at once.
 */
export function onShutdown(logger: Logger, timeoutMs: number, ...closers: Closer[]): void {
  let closing = false;
  const handle = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal, timeoutMs }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    (async () => {
      for (const close of closers) await close();
    })()
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

/**
 * The part of a shutdown budget that running jobs get to finish (see closeWorker); the
 * rest is kept for handing back what is unfinished and closing connections in time.
 */
export function jobGraceMs(timeoutMs: number): number {
  return Math.max(0, timeoutMs - Math.min(5_000, Math.floor(timeoutMs / 3)));
}
