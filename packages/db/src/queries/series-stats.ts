import type { Timeframe } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

export interface SeriesStats {
  symbolId: number;
  timeframe: Timeframe;
  firstTs: Date;
  lastTs: Date;
  barCount: number;
  lastWrittenAt: Date;
  lastRowsWritten: number;
  lastProvider: string;
}

/** The stats of some symbols' series (every timeframe), one indexed read. */
export async function readSeriesStats(db: Executor, symbolIds: readonly number[]): Promise<SeriesStats[]> {
  if (symbolIds.length === 0) return [];
  const rows = await db.execute<{
    symbol_id: number; timeframe: Timeframe; first_ts: string; last_ts: string; bar_count: number;
    last_written_at: string; last_rows_written: number; last_provider: string;
  }>(sql`select * from series_stats where symbol_id = any(${pgArray(symbolIds)}::int[])`);
  return rows.map((r) => ({
    symbolId: r.symbol_id, timeframe: r.timeframe, firstTs: toDate(r.first_ts), lastTs: toDate(r.last_ts),
    barCount: r.bar_count, lastWrittenAt: toDate(r.last_written_at), lastRowsWritten: r.last_rows_written,
    lastProvider: r.last_provider,
  }));
}

/** Recounts series from the bars themselves (rows deleted by hand drift the running count). */
export async function recountSeriesStats(db: Executor, symbolIds: readonly number[]): Promise<void> {
  if (symbolIds.length === 0) return;
  await db.execute(sql`
    update series_stats s set first_ts = b.lo, last_ts = b.hi, bar_count = b.n
    from (select symbol_id, timeframe, min(ts) as lo, max(ts) as hi, count(*)::int as n from bars
          where symbol_id = any(${pgArray(symbolIds)}::int[]) group by symbol_id, timeframe) b
    where s.symbol_id = b.symbol_id and s.timeframe = b.timeframe`);
}
