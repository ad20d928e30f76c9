import type { Db } from '@marketfleet/db';
import type { OptionsSettings, Producer } from '@marketfleet/jobs';
import type { MarketClock, MarketPolicy } from '@marketfleet/market';
import type { MarketDataProvider, OptionChainProvider, ReferenceDataProvider } from '@marketfleet/providers';
import type { Logger } from '@marketfleet/runtime';

/** Everything the ingest handlers need, built once in main.ts (or by the CLI for --inline). */
export interface IngestDeps {
  db: Db;
  provider: MarketDataProvider;
  /** Calendar and corporate actions. */
  reference: ReferenceDataProvider;
  /** Option chains; a worker without one fails option scrapes with a clear error. */
  optionChains?: OptionChainProvider;
  /** Expirations per scrape, snapshot retention, partitions ahead (defaults when absent). */
  options?: OptionsSettings;
  /** Read at every use: replaced when a synced provider calendar is loaded. */
  clock: MarketClock;
  /** Reloads `clock` from the synced calendar (main.ts wires it; tests may leave it out). */
  reloadClock?: () => Promise<void>;
  producer: Producer;
  /** History kept complete and the freshness SLA, per timeframe. */
  policy: MarketPolicy;
  now: () => Date;
  logger: Logger;
}
