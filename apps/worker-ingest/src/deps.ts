import type { Db } from '@marketfleet/db';
import type { Logger, Producer } from '@marketfleet/jobs';
import type { MarketClock, Timeframe } from '@marketfleet/market-clock';
import type { MarketDataProvider } from '@marketfleet/providers';

/** Everything the ingest handlers need, built once in main.ts (or by the CLI for --inline). */
export interface IngestDeps {
  db: Db;
  provider: MarketDataProvider;
  clock: MarketClock;
  producer: Producer;
  /** Calendar days of history kept complete per timeframe. */
  history: Record<Timeframe, number>;
  now: () => Date;
  logger: Logger;
}
