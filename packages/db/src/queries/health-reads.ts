import type { Timeframe } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

/** Open gap findings per symbol × timeframe (the quality check's view of holes). */
export async function openGapCounts(db: Executor, symbolIds: readonly number[]): Promise<Map<string, number>> {
  if (symbolIds.length === 0) return new Map();
  const rows = await db.execute<{ symbol_id: number; timeframe: Timeframe; n: number }>(sql`
    select symbol_id, timeframe, count(*)::int as n from quality_findings
    where kind = 'gap' and resolved_at is null and symbol_id = any(${pgArray(symbolIds)}::int[])
    group by symbol_id, timeframe`);
  return new Map(rows.map((r) => [`${r.symbol_id}|${r.timeframe}`, r.n]));
}

export interface RecentJobRun {
  name: string;
  symbols: string[];
  timeframes: string[];
  status: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Job runs created in the last `hours`, plus any still queued or running. */
export async function recentJobRuns(db: Executor, hours = 24): Promise<RecentJobRun[]> {
  const rows = await db.execute<{
    name: string; symbols: string[]; timeframes: string[]; status: string; created_at: string; updated_at: string;
  }>(sql`
    select name, symbols, timeframes, status, created_at, updated_at from job_runs
    where created_at > now() - make_interval(hours => ${hours}) or status in ('queued', 'running')`);
  return rows.map((r) => ({
    name: r.name, symbols: r.symbols, timeframes: r.timeframes, status: r.status,
    createdAt: toDate(r.created_at), updatedAt: toDate(r.updated_at),
  }));
}
