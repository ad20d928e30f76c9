import type { BarStatus, Timeframe } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import type { BarRow } from './bars';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

/** What the quality checks read of a stored bar. */
export type CheckedBarRow = Pick<BarRow, 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'status'>;

/** The stored bars of some symbols in one timeframe from `from` on, ascending per symbol id. */
export async function readBarsForCheck(
  db: Executor,
  timeframe: Timeframe,
  symbolIds: readonly number[],
  from: Date,
): Promise<Map<number, CheckedBarRow[]>> {
  const out = new Map<number, CheckedBarRow[]>(symbolIds.map((id) => [id, []]));
  if (symbolIds.length === 0) return out;
  const rows = await db.execute<{
    symbol_id: number; ms: string; open: number; high: number; low: number; close: number; volume: number; status: BarStatus;
  }>(sql`
    select symbol_id, (extract(epoch from ts) * 1000)::bigint::text as ms, open, high, low, close, volume, status
    from bars
    where timeframe = ${timeframe} and ts >= ${from.toISOString()}::timestamptz
      and symbol_id = any(${pgArray(symbolIds)}::int[])
    order by symbol_id, ts`);
  for (const r of rows) {
    out.get(r.symbol_id)?.push({
      ts: new Date(Number(r.ms)), open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume, status: r.status,
    });
  }
  return out;
}

/** Start of the newest stored bar per symbol id in one timeframe (null: none stored). */
export async function latestBarTimes(
  db: Executor,
  timeframe: Timeframe,
  symbolIds: readonly number[],
): Promise<Map<number, Date | null>> {
  const out = new Map<number, Date | null>(symbolIds.map((id) => [id, null]));
  if (symbolIds.length === 0) return out;
  // One index probe per symbol on the primary key, rather than a max() over every bar.
  const rows = await db.execute<{ id: number; ts: string | null }>(sql`
    select s.id, (select b.ts from bars b where b.symbol_id = s.id and b.timeframe = ${timeframe}
                  order by b.ts desc limit 1) as ts
    from unnest(${pgArray(symbolIds)}::int[]) as s(id)`);
  for (const r of rows) out.set(r.id, toDate(r.ts));
  return out;
}

export interface FailingJob {
  name: string;
  failures: number;
  lastError: string | null;
  lastFailedAt: Date;
}

/** Job names with at least `minFailures` runs that ended failed since `since`. */
export async function failingJobs(db: Executor, opts: { since: Date; minFailures: number }): Promise<FailingJob[]> {
  const rows = await db.execute<{ name: string; failures: number; last_error: string | null; last_failed_at: string }>(sql`
    select name, count(*)::int as failures,
           (array_agg(error order by finished_at desc))[1] as last_error, max(finished_at) as last_failed_at
    from job_runs
    where status = 'failed' and finished_at >= ${opts.since.toISOString()}::timestamptz
    group by name
    having count(*) >= ${opts.minFailures}
    order by name`);
  return rows.map((r) => ({ name: r.name, failures: r.failures, lastError: r.last_error, lastFailedAt: toDate(r.last_failed_at) }));
}
