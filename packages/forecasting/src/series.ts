import { findSymbol, readAdjustedBars, type Db } from '@marketfleet/db';
import { FORECAST_HORIZONS, type Horizon } from '@marketfleet/ml';
import type { Timeframe } from '@marketfleet/market';

/** Bars before the first training row that the features need (the 50-bar average and its neighbours). */
export const FEATURE_WARMUP = 60;

export interface Series {
  symbolId: number;
  symbol: string;
  timeframe: Timeframe;
  /** Bar starts, oldest first. */
  ts: Date[];
  /** Split-adjusted, as the chart shows them by default and as the models are trained. */
  bars: Array<{ open: number; high: number; low: number; close: number; volume: number }>;
}

/** How many of the newest bars a set of horizons of one timeframe needs. */
export function barsNeeded(horizons: readonly Horizon[]): number {
  return Math.max(...horizons.map((h) => FORECAST_HORIZONS[h].trainBars + FORECAST_HORIZONS[h].steps)) + FEATURE_WARMUP;
}

/** The newest `count` bars (all of them when absent), split-adjusted; null for an unknown symbol. */
export async function loadSeries(db: Db, symbol: string, timeframe: Timeframe, range: { count?: number; from?: Date; to?: Date } = {}): Promise<Series | null> {
  const ref = await findSymbol(db, symbol);
  if (!ref) return null;
  const rows = await readAdjustedBars(db, {
    symbolId: ref.id,
    timeframe,
    adjustment: 'split',
    latest: range.count,
    from: range.from,
    to: range.to,
  });
  return {
    symbolId: ref.id,
    symbol: ref.ticker,
    timeframe,
    ts: rows.map((r) => r.ts),
    bars: rows.map((r) => ({ open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume })),
  };
}
