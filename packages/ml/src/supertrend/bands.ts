import { type Ohlc } from '../series';

/** The seed's trend encoding: 1 bullish, 0 bearish. */
export type Trend = 0 | 1;

export interface SuperTrendLine {
  /** The final lower band on bullish bars, the final upper band on bearish ones. */
  supertrend: number[];
  trend: Trend[];
  finalUpper: number[];
  finalLower: number[];
}

/**
 * SuperTrend for one factor (§1.1). Basic bands are hl2 ± factor·ATR; the final bands ratchet:
 * - final upper = min(basic upper, previous final upper) while the previous close stayed at or
 *   below the previous final upper, otherwise the basic upper (it only tightens in a downtrend);
 * - final lower = max(basic lower, previous final lower) while the previous close stayed at or
 *   above the previous final lower, otherwise the basic lower.
 * The first bar takes its basic bands, a bullish trend and its lower band as the line. After
 * that the trend turns bullish on a close above the final upper band, bearish on a close below
 * the final lower band (the upper test runs first), and otherwise holds.
 */
export function superTrend(bars: readonly Ohlc[], atr: readonly number[], factor: number): SuperTrendLine {
  const line: SuperTrendLine = { supertrend: [], trend: [], finalUpper: [], finalLower: [] };
  bars.forEach((bar, i) => {
    const hl2 = (bar.high + bar.low) / 2;
    const basicUpper = hl2 + atr[i]! * factor;
    const basicLower = hl2 - atr[i]! * factor;
    if (i === 0) {
      line.finalUpper.push(basicUpper);
      line.finalLower.push(basicLower);
      line.trend.push(1);
      line.supertrend.push(basicLower);
      return;
    }
    const prevClose = bars[i - 1]!.close;
    const prevUpper = line.finalUpper[i - 1]!;
    const prevLower = line.finalLower[i - 1]!;
    const upper = prevClose <= prevUpper ? Math.min(basicUpper, prevUpper) : basicUpper;
    const lower = prevClose >= prevLower ? Math.max(basicLower, prevLower) : basicLower;
    const trend: Trend = bar.close > upper ? 1 : bar.close < lower ? 0 : line.trend[i - 1]!;
    line.finalUpper.push(upper);
    line.finalLower.push(lower);
    line.trend.push(trend);
    line.supertrend.push(trend === 1 ? lower : upper);
  });
  return line;
}

/**
 * §1.1 performance of a trend path: P_t = P_{t−1} + α·(ΔC_t·s_{t−1} − P_{t−1}) from P_0 = 0, with
 * s the previous bar's trend as ±1 and α = 2/11 (an EMA of length 10). It is the smoothed
 * per-bar gain of following that trend, in price units.
 */
export function superTrendPerformance(bars: readonly Ohlc[], trend: readonly Trend[], alpha = 2 / 11): number {
  let p = 0;
  for (let i = 1; i < bars.length; i++) {
    const side = trend[i - 1] === 1 ? 1 : -1;
    p = p + alpha * ((bars[i]!.close - bars[i - 1]!.close) * side - p);
  }
  return p;
}
