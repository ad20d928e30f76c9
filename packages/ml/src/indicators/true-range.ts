import { type Ohlc } from '../series';

/**
 * True range per bar: max(high − low, |high − prev close|, |low − prev close|). The first bar has
 * no previous close, and pandas' row max skips the NaN terms, so it is high − low.
 */
export function trueRange(bars: readonly Ohlc[]): number[] {
  return bars.map((bar, i) => {
    const range = bar.high - bar.low;
    if (i === 0) return range;
    const prevClose = bars[i - 1]!.close;
    return Math.max(range, Math.abs(bar.high - prevClose), Math.abs(bar.low - prevClose));
  });
}
