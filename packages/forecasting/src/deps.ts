import type { Db } from '@marketfleet/db';
import type { Producer } from '@marketfleet/jobs';
import type { MarketClock, MarketPolicy } from '@marketfleet/market';
import type { Logger, ThreadPool } from '@marketfleet/runtime';

/** What the forecasting use cases need, built once by worker-ml's main.ts (or a test, or the CLI). */
export interface ForecastDeps {
  db: Db;
  /** Read at every use: replaced when a synced provider calendar is loaded. */
  clock: MarketClock;
  policy: MarketPolicy;
  /** Runs FIT_TASKS: worker threads in the worker, in-process in tests and the CLI. */
  pool: ThreadPool;
  producer: Producer;
  now: () => Date;
  logger: Logger;
}
