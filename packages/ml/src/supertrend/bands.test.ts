import golden from '../../fixtures/supertrend.json';
import { expectGolden, sp500 } from '../../test/golden';
import { superTrendAtr } from '../indicators/atr';
import { type Ohlc } from '../series';
import { superTrend, superTrendPerformance } from './bands';

const bar = (high: number, low: number, close: number): Ohlc => ({ open: close, high, low, close, volume: 0 });
const bars = [bar(11, 9, 10), bar(12, 10, 11), bar(14, 12, 13.5), bar(11, 9, 9.5), bar(10, 8, 8.5)];

describe('superTrend', () => {
  it('ratchets the final bands and flips on a close through them', () => {
    // ATR 1, factor 2, so basic bands are hl2 ± 2:
    // 0: hl2 10 → upper 12, lower 8; bullish, line 8
    // 1: hl2 11 → basic 13/9; prev close 10 ≤ 12 → upper min(13, 12) = 12; lower max(9, 8) = 9
    // 2: hl2 13 → basic 15/11; upper stays 12, lower 11; close 13.5 > 12 → bullish, line 11
    // 3: hl2 10 → basic 12/8; prev close 13.5 > 12 → upper resets to 12; lower max(8, 11) = 11;
    //    close 9.5 < 11 → bearish, line 12
    // 4: hl2 9 → basic 11/7; upper min(11, 12) = 11; prev close 9.5 < 11 → lower resets to 7;
    //    close 8.5 inside → still bearish, line 11
    const line = superTrend(bars, [1, 1, 1, 1, 1], 2);
    expect(line).toEqual({
      supertrend: [8, 9, 11, 12, 11],
      trend: [1, 1, 1, 0, 0],
      finalUpper: [12, 12, 12, 12, 11],
      finalLower: [8, 9, 11, 11, 7],
    });
  });

  it('keeps the ratchet when the previous close sits exactly on a band', () => {
    // ATR 1, factor 2. Bar 0 closes on its upper band (hl2 11 + 2 = 13) and its lower one is 9.
    // Bar 1: basic 16/12; close 13 ≤ 13 → upper min(16, 13) = 13; close 13 ≥ 9 → max(12, 9) = 12.
    // Bar 2 (same trick below): basic upper 12 → min(12, 13) = 12; lower: close 12 ≥ 12 → 12.
    const onBand = [bar(13, 9, 13), bar(15, 13, 12), bar(11, 9, 12)];
    const line = superTrend(onBand, [1, 1, 1], 2);
    expect(line.finalUpper).toEqual([13, 13, 12]);
    expect(line.finalLower).toEqual([9, 12, 12]);
  });

  it('tests the upper band first when a close lies above it and below the lower band', () => {
    // ATR 1, factor 1. Bar 1 jumps: basic 16.5/14.5, but the upper band ratchets to min(16.5, 11)
    // = 11 while the lower rises to 14.5. Close 12 is above 11 and below 14.5: bullish.
    const line = superTrend([bar(11, 9, 10), bar(21, 10, 12)], [1, 1], 1);
    expect(line.finalUpper).toEqual([11, 11]);
    expect(line.finalLower).toEqual([9, 14.5]);
    expect(line.trend).toEqual([1, 1]);
    expect(superTrend([bar(11, 9, 10), bar(11, 9, 8), bar(21, 10, 12)], [1, 1, 1], 1).trend).toEqual([1, 0, 1]);
  });

  it('scores the path with P += (2/11)·(ΔC·s_prev − P)', () => {
    // closes 10, 11, 13.5, 9.5, 8.5 under trends 1, 1, 1, 0: s = +1, +1, +1, −1. In fractions:
    // P1 = 2/11; P2 = (2/11)(9/11) + 2.5·2/11 = 73/121; P3 = (73/121)(9/11) − 8/11 = −311/1331;
    // P4 = (−311/1331)(9/11) + 2/11 = −137/14641
    const a = 2 / 11;
    let p = 0;
    p += a * (1 - p);
    p += a * (2.5 - p);
    p += a * (-4 - p);
    p += a * (1 - p);
    expect(superTrendPerformance(bars, [1, 1, 1, 0, 0])).toBe(p);
    expect(p).toBeCloseTo(-137 / 14641, 15);
  });

  it('keeps the line on the losing side of the close: below it when bullish, above when bearish', () => {
    const line = superTrend(sp500, superTrendAtr(sp500), 2.5);
    sp500.forEach((b, i) => {
      if (line.trend[i] === 1) expect(line.supertrend[i]).toBeLessThanOrEqual(b.close);
      else expect(line.supertrend[i]).toBeGreaterThanOrEqual(b.close);
    });
  });

  it('matches the reference for factor 3 on the S&P 500', () => {
    const line = superTrend(sp500, superTrendAtr(sp500), 3);
    expectGolden(
      { supertrend: line.supertrend, trend: line.trend, performance: superTrendPerformance(sp500, line.trend) },
      golden.line3,
    );
  });
});
