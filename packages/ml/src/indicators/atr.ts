// Four ATRs, because the seed smooths true range four ways and each consumer keeps its own:
// mixing them moves SuperTrend bands, pivot thresholds, logistic features and synthesis targets.
import { type Ohlc } from '../series';
import { ema } from './moving-average';
import { trueRange } from './true-range';

/** True range smoothed by pandas `ewm(span, adjust=False)`, seeded with the first TR. */
export function emaAtr(bars: readonly Ohlc[], span: number): number[] {
  return ema(trueRange(bars), span);
}

/** SuperTrend AI's ATR (§1.1): EMA span 10. */
export function superTrendAtr(bars: readonly Ohlc[]): number[] {
  return emaAtr(bars, 10);
}

/** The indicator frame's "Wilder" ATR14, which the seed computes as EMA span 14 (α = 2/15, not 1/14). */
export function frameAtr14(bars: readonly Ohlc[]): number[] {
  return emaAtr(bars, 14);
}

/**
 * The synthesizer's ATR (§1.1 synthesis): the plain mean of the last `window` true ranges, or of
 * all of them when there are fewer. NaN with fewer than 2 bars, where the seed skips this
 * computation and falls back to 2 % of price (a synthesizer decision, not made here).
 */
export function synthesizerAtr(bars: readonly Ohlc[], window = 14): number {
  if (bars.length < 2) return NaN;
  const tail = trueRange(bars).slice(-window);
  let total = 0;
  for (const tr of tail) total += tr;
  return total / tail.length;
}

/**
 * Wilder's ATR (§5.1 pivots with 200, §5.3 logistic with 14): seeded with the mean of the first
 * `period` true ranges, then atr = (atr·(period − 1) + TR_i)/period for every i ≥ period. The
 * seed value itself is never reported: index `period` is the first defined one, so with
 * `period` bars or fewer the whole series is NaN. The seed reads that as 0 (pivot threshold)
 * or stores 0 before index `period` (logistic); callers convert.
 */
export function wilderAtr(bars: readonly Ohlc[], period: number): number[] {
  const tr = trueRange(bars);
  const out = tr.map(() => NaN);
  if (tr.length <= period) return out;
  let atr = 0;
  for (let i = 0; i < period; i++) atr += tr[i]!;
  atr /= period;
  for (let i = period; i < tr.length; i++) {
    atr = (atr * (period - 1) + tr[i]!) / period;
    out[i] = atr;
  }
  return out;
}
