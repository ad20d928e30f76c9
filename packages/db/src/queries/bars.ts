import type { Timeframe } from '@marketfleet/market-clock';
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

export type BarStatus = 'live' | 'provisional' | 'verified';

export interface BarRow {
  symbolId: number;
  timeframe: Timeframe;
  ts: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number | null;
  tradeCount: number | null;
  provider: string;
  status: BarStatus;
  fetchedAt: Date;
}

export type StoredBar = Omit<BarRow, 'symbolId' | 'timeframe'>;

const key = (r: BarRow) => `${r.symbolId}|${r.timeframe}|${r.ts.getTime()}`;

/** The last row wins when a batch holds one key twice (ON CONFLICT may touch a row once). */
function dedupe(rows: readonly BarRow[]): BarRow[] {
  const byKey = new Map<string, BarRow>();
  for (const r of rows) byKey.set(key(r), r);
  return byKey.size === rows.length ? [...rows] : [...byKey.values()];
}

/**
 * Set-based idempotent upsert of a batch of bars in one statement. A row is rewritten
 * only when its values changed, or when it gained a better status (a re-fetch after the
 * provider finalised the session turns `provisional` into `verified` without touching
 * prices). Returns how many rows were inserted or changed.
 */
export async function upsertBars(db: Executor, input: readonly BarRow[]): Promise<number> {
  if (input.length === 0) return 0;
  const rows = dedupe(input);
  const col = <T extends string | number | null>(f: (r: BarRow) => T) => pgArray(rows.map(f));
  const result = await db.execute(sql`
    insert into bars as b (symbol_id, timeframe, ts, open, high, low, close, volume, vwap,
                           trade_count, provider, status, fetched_at)
    select * from unnest(
      ${col((r) => r.symbolId)}::int[], ${col((r) => r.timeframe)}::timeframe[],
      ${col((r) => r.ts.toISOString())}::timestamptz[],
      ${col((r) => r.open)}::float8[], ${col((r) => r.high)}::float8[], ${col((r) => r.low)}::float8[],
      ${col((r) => r.close)}::float8[], ${col((r) => r.volume)}::float8[], ${col((r) => r.vwap)}::float8[],
      ${col((r) => r.tradeCount)}::int[], ${col((r) => r.provider)}::text[],
      ${col((r) => r.status)}::bar_status[], ${col((r) => r.fetchedAt.toISOString())}::timestamptz[])
    on conflict (symbol_id, timeframe, ts) do update set
      open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
      volume = excluded.volume, vwap = excluded.vwap, trade_count = excluded.trade_count,
      provider = excluded.provider, fetched_at = excluded.fetched_at,
      status = case
        when (b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trade_count, b.provider)
             is distinct from (excluded.open, excluded.high, excluded.low, excluded.close,
                               excluded.volume, excluded.vwap, excluded.trade_count, excluded.provider)
        then excluded.status
        else greatest(b.status, excluded.status) end
    where (b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trade_count, b.provider)
          is distinct from (excluded.open, excluded.high, excluded.low, excluded.close,
                            excluded.volume, excluded.vwap, excluded.trade_count, excluded.provider)
       or excluded.status > b.status`);
  return result.count;
}

export interface BarQuery {
  symbolId: number;
  timeframe: Timeframe;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  limit?: number;
}

export async function readBars(db: Executor, q: BarQuery): Promise<StoredBar[]> {
  const rows = await db.execute<{
    ts: string; open: number; high: number; low: number; close: number; volume: number;
    vwap: number | null; trade_count: number | null; provider: string; status: BarStatus; fetched_at: string;
  }>(sql`
    select ts, open, high, low, close, volume, vwap, trade_count, provider, status, fetched_at
    from bars
    where symbol_id = ${q.symbolId} and timeframe = ${q.timeframe}
      ${q.from ? sql`and ts >= ${q.from.toISOString()}::timestamptz` : sql``}
      ${q.to ? sql`and ts < ${q.to.toISOString()}::timestamptz` : sql``}
    order by ts
    ${q.limit !== undefined ? sql`limit ${q.limit}` : sql``}`);
  return rows.map((r) => ({
    ts: toDate(r.ts),
    open: r.open,
    high: r.high,
    low: r.low,
    close: r.close,
    volume: r.volume,
    vwap: r.vwap,
    tradeCount: r.trade_count,
    provider: r.provider,
    status: r.status,
    fetchedAt: toDate(r.fetched_at),
  }));
}

export async function latestBarTs(db: Executor, symbolId: number, timeframe: Timeframe): Promise<Date | null> {
  const [row] = await db.execute<{ ts: string }>(sql`
    select ts from bars where symbol_id = ${symbolId} and timeframe = ${timeframe}
    order by ts desc limit 1`);
  return row ? toDate(row.ts) : null;
}

export async function countBars(db: Executor, symbolId: number, timeframe: Timeframe, from?: Date, to?: Date): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from bars
    where symbol_id = ${symbolId} and timeframe = ${timeframe}
      ${from ? sql`and ts >= ${from.toISOString()}::timestamptz` : sql``}
      ${to ? sql`and ts < ${to.toISOString()}::timestamptz` : sql``}`);
  return row?.n ?? 0;
}

/** Start times (epoch ms) of the stored bars of some symbols since `from`, per symbol id. */
export async function storedBarTimes(
  db: Executor,
  timeframe: Timeframe,
  symbolIds: readonly number[],
  from: Date,
): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>(symbolIds.map((id) => [id, new Set<number>()]));
  if (symbolIds.length === 0) return out;
  const rows = await db.execute<{ symbol_id: number; ms: string }>(sql`
    select symbol_id, (extract(epoch from ts) * 1000)::bigint::text as ms from bars
    where timeframe = ${timeframe} and ts >= ${from.toISOString()}::timestamptz
      and symbol_id = any(${pgArray(symbolIds)}::int[])`);
  for (const r of rows) out.get(r.symbol_id)?.add(Number(r.ms));
  return out;
}
