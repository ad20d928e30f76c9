import golden from '../../fixtures/levels.json';
import { expectGolden } from '../../test/golden';
import { levelWindows } from '../../test/windows';
import { type Ohlc } from '../series';
import { pivotLevels } from './pivot-levels';
import { findPivots } from './pivots';

const bar = (high: number, low = high - 1, close = high - 0.5): Ohlc => ({ open: close, high, low, close, volume: 0 });

describe('findPivots', () => {
  it('keeps bars at least as high as every neighbour, so a flat top gives two', () => {
    const bars = [1, 2, 5, 5, 2, 1, 3].map((h) => bar(h));
    expect(findPivots(bars, 2, 2, 'high')).toEqual([
      { index: 2, price: 5 },
      { index: 3, price: 5 },
    ]);
    // The lows are the highs − 1; index 4 sees 0 at index 5, and the last two bars are untested.
    expect(findPivots(bars, 2, 2, 'low')).toEqual([]);
  });
});

describe('pivotLevels', () => {
  it('reports the latest period-5 pivot and its OLD status with a zero threshold', () => {
    // 12 bars: only period 5 can have pivots (it needs 11 bars). High 19 at index 5 beats every
    // high within ±5; no low is the lowest of its window. Last bar: high 10 < 19 − 0, so the
    // pivot high is resistance, and the nearest level above the close of 9.5.
    const bars = [11, 12, 13, 14, 15, 19, 15, 14, 13, 12, 11, 10].map((h) => bar(h));
    expect(pivotLevels(bars)).toEqual({
      levels: [{ period: 5, high: 19, highIndex: 5, low: null, lowIndex: null, highStatus: 'resistance', lowStatus: 'inactive' }],
      atrThreshold: 0,
      nearestSupport: null,
      nearestResistance: 19,
    });
  });

  it('is empty for no bars', () => {
    expect(pivotLevels([])).toEqual({ levels: [], atrThreshold: 0, nearestSupport: null, nearestResistance: null });
  });
});

it.each(levelWindows)('pivot levels match the reference on %s', (name, bars) => {
  expectGolden(pivotLevels(bars), golden.windows[name].pivotLevels);
});

it.each(levelWindows)('brackets the last close with its nearest levels on %s', (_name, bars) => {
  const { nearestSupport, nearestResistance } = pivotLevels(bars);
  const close = bars[bars.length - 1]!.close;
  if (nearestSupport !== null) expect(nearestSupport).toBeLessThan(close);
  if (nearestResistance !== null) expect(nearestResistance).toBeGreaterThan(close);
});
