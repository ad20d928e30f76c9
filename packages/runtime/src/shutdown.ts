import type { Logger } from 'pino';

export type Closer = () => Promise<unknown> | unknown;

const PARENT_CHECK_MS = 2_000;

export interface ShutdownOptions {
  /** Keep it under the pod's terminationGracePeriodSeconds. */
  timeoutMs: number;
  /** Also shut down when the parent process is gone (see STOP_WITH_PARENT_ENV). */
  stopWithParent?: boolean;
}

/**
 * On the first SIGTERM or SIGINT, runs the closers in order and exits 0. If they take
 * longer than `timeoutMs`, or a second signal arrives, exits 1 at once. With
 * `stopWithParent`, the parent's exit counts as the first signal.
 */
export function onShutdown(logger: Logger, { timeoutMs, stopWithParent = false }: ShutdownOptions, ...closers: Closer[]): void {
  let closing = false;
  const handle = (signal: NodeJS.Signals | 'parent exited') => {
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
  if (stopWithParent) {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && !closing && handle('parent exited'), PARENT_CHECK_MS).unref();
  }
}

/**
 * The part of a shutdown budget that running jobs get to finish (see closeWorker); the
 * rest is kept for handing back what is unfinished and closing connections in time.
 */
export function jobGraceMs(timeoutMs: number): number {
  return Math.max(0, timeoutMs - Math.min(5_000, Math.floor(timeoutMs / 3)));
}
