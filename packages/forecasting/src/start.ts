import { ML_JOBS, QueueName, type QueueBackend, type Worker } from '@marketfleet/jobs';
import { startWorker } from '@marketfleet/runtime';
import type { ForecastDeps } from './deps';
import { mlHandlers } from './handlers';

export interface MlWorkerOptions {
  backend: QueueBackend;
  concurrency?: number;
  lockDuration?: number;
}

/** The ml queue's worker, for worker-ml's main.ts and for tests. */
export function startMlWorker(deps: ForecastDeps, opts: MlWorkerOptions): Worker {
  return startWorker({
    backend: opts.backend,
    db: deps.db,
    queue: QueueName.Ml,
    jobs: ML_JOBS,
    handlers: mlHandlers(deps),
    logger: deps.logger,
    concurrency: opts.concurrency,
    lockDuration: opts.lockDuration,
  });
}
