import { frameAtr14, superTrendAtr } from '../indicators/atr';
import { sma } from '../indicators/moving-average';
import { sumRsi } from '../indicators/rsi';
import { findPivots } from '../levels/pivots';
import type { Ohlc } from '../series';
import { superTrend } from '../supertrend/bands';

/**
 * The models' inputs: ratios of the bars up to and including bar i, never raw price levels (a
 * price level means nothing across symbols or across a split) and never a bar after i. Row i
 * of `features(bars)` equals row i of `features(bars.slice(0, i + 1))`; the leakage test checks it.
 */
export const FEATURE_NAMES = [
  'return_1',
  'return_5',
  'return_20',
  'volatility_20',
  'volatility_ratio_5_20',
  'rsi_14',
  'close_to_sma_20',
  'close_to_sma_50',
  'sma_20_to_sma_50',
  'atr_14_to_close',
  'volume_to_sma_20',
  'supertrend_state',
  'supertrend_distance',
  'resistance_distance',
  'support_distance',
] as const;

/** A fixed SuperTrend factor keeps the state causal (the adaptive factor clusters the whole history). */
const SUPERTREND_FACTOR = 3;
/** Pivots of 5 bars either side: a pivot at p is known once bar p + 5 has closed. */
const PIVOT_SIDE = 5;

/** log(a/b), NaN when either is missing or not positive. */
const logRatio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && a > 0 && b > 0 ? Math.log(a / b) : NaN;

function rollingStd(values: readonly number[], window: number): number[] {
  return values.map((_, i) => {
    if (i < window) return NaN;
    let sum = 0;
    let sq = 0;
    for (let j = i - window + 1; j <= i; j++) {
      sum += values[j]!;
      sq += values[j]! * values[j]!;
    }
    const mean = sum / window;
    return Math.sqrt(Math.max(0, (sq - window * mean * mean) / (window - 1)));
  });
}

/** For each bar, the price of the latest pivot already confirmed at that bar, or NaN. */
function confirmedPivotLevel(bars: readonly Ohlc[], side: 'high' | 'low'): number[] {
  const out = new Array<number>(bars.length).fill(NaN);
  let level = NaN;
  let next = 0;
  const pivots = findPivots(bars, PIVOT_SIDE, PIVOT_SIDE, side);
  for (let i = 0; i < bars.length; i++) {
    while (next < pivots.length && pivots[next]!.index + PIVOT_SIDE <= i) level = pivots[next++]!.price;
    out[i] = level;
  }
  return out;
}

/** One row per bar (NaN where a feature needs more history), in FEATURE_NAMES order. */
export function features(bars: readonly Ohlc[]): number[][] {
  const close = bars.map((b) => b.close);
  const volume = bars.map((b) => b.volume);
  const r1 = close.map((c, i) => logRatio(c, close[i - 1]));
  const vol20 = rollingStd(r1, 20);
  const vol5 = rollingStd(r1, 5);
  const rsi = sumRsi(close, 14);
  const sma20 = sma(close, 20);
  const sma50 = sma(close, 50);
  const volSma20 = sma(volume, 20);
  const atr = frameAtr14(bars);
  const st = bars.length > 1 ? superTrend(bars, superTrendAtr(bars), SUPERTREND_FACTOR) : null;
  const resistance = confirmedPivotLevel(bars, 'high');
  const support = confirmedPivotLevel(bars, 'low');
  return bars.map((b, i) => [
    r1[i]!,
    logRatio(b.close, close[i - 5]),
    logRatio(b.close, close[i - 20]),
    vol20[i]!,
    vol20[i]! > 0 ? vol5[i]! / vol20[i]! - 1 : NaN,
    rsi[i]! / 100 - 0.5,
    logRatio(b.close, sma20[i]),
    logRatio(b.close, sma50[i]),
    logRatio(sma20[i], sma50[i]),
    i >= 14 && b.close > 0 ? atr[i]! / b.close : NaN,
    volSma20[i]! > 0 && b.volume > 0 ? Math.log(b.volume / volSma20[i]!) : 0,
    st && i >= 10 ? (st.trend[i] === 1 ? 1 : -1) : NaN,
    st && i >= 10 ? logRatio(b.close, st.supertrend[i]) : NaN,
    // Above the last resistance (or below the last support) the distance is negative: a breakout.
    logRatio(resistance[i], b.close),
    logRatio(b.close, support[i]),
  ]);
}

/** Whether a row can be used: every feature defined. */
export const complete = (row: readonly number[]) => row.every(Number.isFinite);
