import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

export interface AtmIvInput {
  symbolId: number;
  sessionDate: string;
  atmIv: number;
  expiry: string;
  strike: number;
}

/** Upserts daily ATM IVs (any number of underlyings) in one statement; a rerun rewrites the day. */
export async function upsertAtmIv(db: Executor, rows: readonly AtmIvInput[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: AtmIvInput) => T) => pgArray(rows.map(f) as Array<string | number>);
  await db.execute(sql`
    insert into option_atm_iv (symbol_id, session_date, atm_iv, expiry, strike)
    select * from unnest(${col((r) => r.symbolId)}::int[], ${col((r) => r.sessionDate)}::date[],
      ${col((r) => r.atmIv)}::float8[], ${col((r) => r.expiry)}::date[], ${col((r) => r.strike)}::float8[])
    on conflict (symbol_id, session_date) do update set
      atm_iv = excluded.atm_iv, expiry = excluded.expiry, strike = excluded.strike, computed_at = now()`);
}

/** Daily ATM IVs of an underlying in [from, to], oldest first. */
export async function atmIvHistory(db: Executor, symbolId: number, from: string, to: string): Promise<{ date: string; atmIv: number }[]> {
  const rows = await db.execute<{ date: string; atm_iv: number }>(sql`
    select session_date::text as date, atm_iv from option_atm_iv
    where symbol_id = ${symbolId} and session_date between ${from}::date and ${to}::date order by session_date`);
  return rows.map((r) => ({ date: r.date, atmIv: r.atm_iv }));
}

export interface StoredIvStats {
  low: number;
  high: number;
  median: number;
  days: number;
  asOf: string;
  updatedAt: Date;
}

export async function saveIvStats(db: Executor, symbolId: number, s: Omit<StoredIvStats, 'updatedAt'>): Promise<void> {
  await db.execute(sql`
    insert into option_iv_stats (symbol_id, low, high, median, days, as_of)
    values (${symbolId}, ${s.low}, ${s.high}, ${s.median}, ${s.days}, ${s.asOf}::date)
    on conflict (symbol_id) do update set low = excluded.low, high = excluded.high, median = excluded.median,
      days = excluded.days, as_of = excluded.as_of, updated_at = now()`);
}

/** The underlying's 52-week ATM IV statistics; null before the first computation. */
export async function ivStatsOf(db: Executor, symbolId: number): Promise<StoredIvStats | null> {
  const [r] = await db.execute<{ low: number; high: number; median: number; days: number; as_of: string; updated_at: string }>(sql`
    select low, high, median, days, as_of::text, updated_at from option_iv_stats where symbol_id = ${symbolId}`);
  return r ? { low: r.low, high: r.high, median: r.median, days: r.days, asOf: r.as_of, updatedAt: toDate(r.updated_at) } : null;
}
