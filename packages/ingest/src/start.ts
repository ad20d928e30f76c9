import { INGEST_JOBS, QueueName, type QueueBackend, type Worker } from '@marketfleet/jobs';
import type { IngestDeps } from './deps';
import { ingestHandlers } from './handlers';
import { startWorker } from '@marketfleet/runtime';

export interface IngestWorkerOptions {
  backend: QueueBackend;
  concurrency?: number;
  lockDuration?: number;
}

/** The ingest queue's worker, for main.ts and for the CLI's in-process `--inline` mode. */
export function startIngestWorker(deps: IngestDeps, opts: IngestWorkerOptions): Worker {
  return startWorker({
    backend: opts.backend,
    db: deps.db,
    queue: QueueName.Ingest,
    jobs: INGEST_JOBS,
    handlers: ingestHandlers(deps),
    logger: deps.logger,
    concurrency: opts.concurrency,
    lockDuration: opts.lockDuration,
  });
}
