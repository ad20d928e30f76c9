import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { symbols, watchlist } from '../schema';

export interface SymbolRef {
  id: number;
  ticker: string;
}

/** Returns the id of every ticker, creating the ones not seen before. */
export async function ensureSymbols(db: Executor, tickers: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(tickers)];
  if (unique.length === 0) return new Map();
  await db
    .insert(symbols)
    .values(unique.map((ticker) => ({ ticker })))
    .onConflictDoNothing({ target: symbols.ticker });
  const rows = await db
    .select({ id: symbols.id, ticker: symbols.ticker })
    .from(symbols)
    .where(inArray(symbols.ticker, unique));
  return new Map(rows.map((r) => [r.ticker, r.id]));
}

export async function findSymbol(db: Executor, ticker: string): Promise<SymbolRef | null> {
  const [row] = await db
    .select({ id: symbols.id, ticker: symbols.ticker })
    .from(symbols)
    .where(eq(symbols.ticker, ticker));
  return row ?? null;
}

export async function listWatchlist(db: Executor): Promise<SymbolRef[]> {
  return db
    .select({ id: symbols.id, ticker: symbols.ticker })
    .from(watchlist)
    .innerJoin(symbols, eq(symbols.id, watchlist.symbolId))
    .orderBy(asc(symbols.ticker));
}

/** Adds tickers to the watchlist; returns the ones that were not on it yet. */
export async function addToWatchlist(db: Executor, tickers: readonly string[], addedBy = 'system'): Promise<string[]> {
  const ids = await ensureSymbols(db, tickers);
  if (ids.size === 0) return [];
  const added = await db
    .insert(watchlist)
    .values([...ids.values()].map((symbolId) => ({ symbolId, addedBy })))
    .onConflictDoNothing()
    .returning({ symbolId: watchlist.symbolId });
  const addedIds = new Set(added.map((r) => r.symbolId));
  return [...ids].filter(([, id]) => addedIds.has(id)).map(([ticker]) => ticker);
}

export async function removeFromWatchlist(db: Executor, tickers: readonly string[]): Promise<number> {
  if (tickers.length === 0) return 0;
  const removed = await db
    .delete(watchlist)
    .where(
      inArray(
        watchlist.symbolId,
        db.select({ id: symbols.id }).from(symbols).where(inArray(symbols.ticker, [...tickers])),
      ),
    )
    .returning({ symbolId: watchlist.symbolId });
  return removed.length;
}

export async function isOnWatchlist(db: Executor, symbolId: number): Promise<boolean> {
  const rows = await db.execute(sql`select 1 from watchlist where symbol_id = ${symbolId}`);
  return rows.length > 0;
}

export async function symbolTickers(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: symbols.id, ticker: symbols.ticker }).from(symbols).where(inArray(symbols.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.ticker]));
}
