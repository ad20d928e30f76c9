import { sql } from 'drizzle-orm';
import type { Executor } from '../client';

/** The channel every bar, action and job-state change is announced on (delivered at commit). */
export const DATA_CHANNEL = 'marketfleet_data';

export interface DataChange {
  /** Symbol ids whose data changed; empty (and no tickers): every symbol. */
  symbolIds: readonly number[];
  /** Or tickers (job runs know their symbols by ticker). */
  tickers?: readonly string[];
  /** Timeframes concerned; empty: all of them (a corporate action changes every adjusted series). */
  timeframes: readonly string[];
}

/**
 * Announces a change so api replicas drop cached charts at once (NOTIFY is transactional:
 * listeners hear it only if the change commits).
 */
export async function notifyDataChanged(db: Executor, change: DataChange): Promise<void> {
  await db.execute(sql`select pg_notify(${DATA_CHANNEL}, ${JSON.stringify(change)})`);
}
