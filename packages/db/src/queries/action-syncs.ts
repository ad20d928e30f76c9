import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

/** A symbol whose corporate actions the fleet keeps: on the watchlist, or with bars stored. */
export interface ActionSyncTarget {
  symbolId: number;
  ticker: string;
  onWatchlist: boolean;
  /** The start of its oldest stored bar, any timeframe; null with nothing stored. */
  firstBarTs: Date | null;
  /** The New York dates the provider was asked for its actions, one unbroken range; null: never. */
  syncedFrom: string | null;
  syncedTo: string | null;
}

/** Every symbol on the watchlist or with stored bars; or the symbols of some tickers, whatever they hold. */
export async function actionSyncTargets(db: Executor, tickers?: readonly string[]): Promise<ActionSyncTarget[]> {
  const rows = await db.execute<{
    id: number; ticker: string; on_watchlist: boolean; first_ts: string | null; synced_from: string | null; synced_to: string | null;
  }>(sql`
    select s.id, s.ticker, exists (select 1 from watchlist w where w.symbol_id = s.id) as on_watchlist,
           (select min(st.first_ts) from series_stats st where st.symbol_id = s.id) as first_ts,
           s.actions_synced_from::text as synced_from, s.actions_synced_to::text as synced_to
    from symbols s
    where ${tickers
      ? sql`s.ticker = any(${pgArray(tickers)}::text[])`
      : sql`(exists (select 1 from watchlist w where w.symbol_id = s.id) or exists (select 1 from series_stats st where st.symbol_id = s.id))`}
    order by s.ticker`);
  return rows.map((r) => ({
    symbolId: r.id, ticker: r.ticker, onWatchlist: r.on_watchlist, firstBarTs: toDate(r.first_ts),
    syncedFrom: r.synced_from, syncedTo: r.synced_to,
  }));
}

/**
 * Records that the provider was asked for these symbols' actions over [from, to] (inclusive
 * New York dates). A range that meets or overlaps the one recorded extends it; a separate one
 * replaces it only if it ends later (the daily sync then fills what lies before it).
 */
export async function recordActionsSynced(db: Executor, symbolIds: readonly number[], from: string, to: string): Promise<void> {
  if (symbolIds.length === 0) return;
  const meets = sql`(actions_synced_from is not null and actions_synced_from <= ${to}::date + 1 and actions_synced_to >= ${from}::date - 1)`;
  const keeps = sql`(actions_synced_from is not null and actions_synced_to > ${to}::date)`;
  await db.execute(sql`
    update symbols set
      actions_synced_from = case when ${meets} then least(actions_synced_from, ${from}::date) when ${keeps} then actions_synced_from else ${from}::date end,
      actions_synced_to = case when ${meets} then greatest(actions_synced_to, ${to}::date) when ${keeps} then actions_synced_to else ${to}::date end
    where id = any(${pgArray(symbolIds)}::int[])`);
}
