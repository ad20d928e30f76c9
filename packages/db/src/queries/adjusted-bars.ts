import { addDays, adjustBars, nyDate, nyWallTime, type Adjustment, type PriceAction } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { readBars, type BarQuery, type StoredBar } from './bars';
import { listCorporateActions } from './corporate-actions';
import { pgArray } from './pg-array';

/** Each cash dividend's previous raw daily close (the base of its factor under `all`). */
async function previousCloses(db: Executor, symbolId: number, exDates: readonly string[]): Promise<Map<string, number>> {
  if (exDates.length === 0) return new Map();
  const rows = await db.execute<{ ex_date: string; close: number | null }>(sql`
    select e.ex_date::text, (select b.close from bars b
                             where b.symbol_id = ${symbolId} and b.timeframe = 'd1' and b.ts < e.ex_date::timestamptz
                             order by b.ts desc limit 1) as close
    from unnest(${pgArray(exDates)}::date[]) as e(ex_date)`);
  return new Map(rows.filter((r) => r.close !== null).map((r) => [r.ex_date, r.close!]));
}

export async function priceActions(db: Executor, symbolId: number, adjustment: Adjustment): Promise<PriceAction[]> {
  if (adjustment === 'raw') return [];
  const actions = await listCorporateActions(db, symbolId);
  if (adjustment !== 'all') return actions;
  const closes = await previousCloses(db, symbolId, actions.filter((a) => a.type === 'cash_dividend').map((a) => a.exDate));
  return actions.map((a) => ({ ...a, prevClose: closes.get(a.exDate) ?? null }));
}

/**
 * Bars as stored, adjusted for corporate actions as asked (`split` by default for the
 * chart and the models). A weekly bar with a split inside its week cannot be adjusted
 * by one factor: it is rebuilt from that week's adjusted daily bars.
 */
export async function readAdjustedBars(db: Executor, q: BarQuery & { adjustment: Adjustment }): Promise<StoredBar[]> {
  const raw = await readBars(db, q);
  if (q.adjustment === 'raw' || raw.length === 0) return raw;
  const actions = await priceActions(db, q.symbolId, q.adjustment);
  const adjusted = adjustBars(raw, actions, q.adjustment, nyDate);
  if (q.timeframe !== 'w1') return adjusted;
  return Promise.all(
    adjusted.map(async (w) => {
      const start = nyDate(w.ts);
      const end = addDays(start, 7);
      if (!actions.some((a) => a.exDate > start && a.exDate < end)) return w;
      const days = await readBars(db, { symbolId: q.symbolId, timeframe: 'd1', from: w.ts, to: nyWallTime(end, '00:00') });
      const d = adjustBars(days, actions, q.adjustment, nyDate);
      if (d.length === 0) return w;
      const volume = d.reduce((n, b) => n + b.volume, 0);
      const vwapKnown = d.every((b) => b.vwap !== null) && volume > 0;
      return {
        ...w,
        open: d[0]!.open,
        high: Math.max(...d.map((b) => b.high)),
        low: Math.min(...d.map((b) => b.low)),
        close: d[d.length - 1]!.close,
        volume,
        vwap: vwapKnown ? d.reduce((n, b) => n + b.vwap! * b.volume, 0) / volume : null,
      };
    }),
  );
}
