import type { Db } from '@marketfleet/db';
import { startIngestWorker } from '@marketfleet/ingest';
import type { Producer, QueueBackend, Worker } from '@marketfleet/jobs';
import { DEFAULT_POLICY, marketClock } from '@marketfleet/market';
import { createSimOptionChainProvider, createSimProvider, createSimReferenceProvider } from '@marketfleet/providers';
import { createLogger } from '@marketfleet/runtime';

export interface SimIngestWorkerOptions {
  db: Db;
  backend: QueueBackend;
  producer: Producer;
  /** The clock the handlers and the simulated quotes read. */
  now: () => Date;
  seed?: number;
}

/** An in-process ingest worker on the simulated providers (bars, reference data, option chains). */
export function startSimIngestWorker(o: SimIngestWorkerOptions): Worker {
  const seed = o.seed ?? 3;
  return startIngestWorker(
    {
      db: o.db, provider: createSimProvider({ seed }), reference: createSimReferenceProvider({ seed }),
      optionChains: createSimOptionChainProvider({ seed, now: o.now }), clock: marketClock, producer: o.producer,
      policy: DEFAULT_POLICY, now: o.now, logger: createLogger('test', 'silent'),
    },
    { backend: o.backend },
  );
}
