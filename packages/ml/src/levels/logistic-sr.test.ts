import golden from '../../fixtures/levels.json';
import { expectGolden } from '../../test/golden';
import { levelWindows } from '../../test/windows';
import { type Ohlc } from '../series';
import { predictLevel } from './logistic-model';
import { logisticSr } from './logistic-sr';

describe('predictLevel', () => {
  it('takes one step per level from weights of 1 and re-predicts the candidate', () => {
    // One unrespected level (y = −1) with rsi +1, body −1: p = σ(1 + 1 − 1) = σ(1);
    // loss = log p − 2·log(1 − p); both weights move by 0.008·(p + loss) against their feature;
    // the bias stays 1.
    const p = 1 / (1 + Math.exp(-1));
    const step = 0.008 * (p + Math.log(p) - 2 * Math.log(1 - p));
    const expected = 1 / (1 + Math.exp(-(1 + (1 - step) - (1 + step))));
    const level = { rsiSign: 1, bodySign: -1, timesRespected: 0 } as const;
    expect(predictLevel([level], level)).toBeCloseTo(expected, 15);
    expect(expected).toBeCloseTo(0.7214, 4);
  });

  it('learns towards a respected level (y = +1), whose loss is −log p', () => {
    // Both features +1: p = σ(3); step = 0.008·(p − log p); both weights drop by the step.
    const p = 1 / (1 + Math.exp(-3));
    const step = 0.008 * (p - Math.log(p));
    const respected = { rsiSign: 1, bodySign: 1, timesRespected: 3 } as const;
    const candidate = { rsiSign: 1, bodySign: 1 } as const;
    const expected = 1 / (1 + Math.exp(-(1 + 2 * (1 - step))));
    expect(predictLevel([respected], candidate)).toBeCloseTo(expected, 15);
  });

  it('is 0 with no history', () => {
    expect(predictLevel([], { rsiSign: 1, bodySign: 1 })).toBe(0);
  });
});

describe('logisticSr', () => {
  it('finds nothing before a pivot can be confirmed (29 bars)', () => {
    const bars: Ohlc[] = Array.from({ length: 28 }, (_, i) => ({ open: i, high: i + 1, low: i - 1, close: i, volume: 0 }));
    expect(logisticSr(bars).levels).toEqual([]);
  });
});

it.each(levelWindows)('matches the reference on %s', (name, bars) => {
  const expected = golden.windows[name].logisticSr;
  const r = logisticSr(bars);
  const shown = new Set([...r.supportLevels, ...r.resistanceLevels]);
  expectGolden(
    { levels: r.levels, nearestSupport: r.nearestSupport, nearestResistance: r.nearestResistance },
    { levels: expected.levels, nearestSupport: expected.nearestSupport, nearestResistance: expected.nearestResistance },
  );
  expect(r.levels.flatMap((l, k) => (shown.has(l) ? [k] : []))).toEqual(expected.shown);
});

describe('logisticSr on one outside bar', () => {
  // 29 flat bars (high 101, low 99, close 100) except bar 14 (high 105, low 95): bar 14 is the
  // only bar the stream can test (at t = 28), and it is both a pivot high and a pivot low.
  const bars: Ohlc[] = Array.from({ length: 29 }, (_, i) =>
    i === 14 ? { open: 100, high: 105, low: 95, close: 100, volume: 0 } : { open: 100, high: 101, low: 99, close: 100, volume: 0 },
  );
  const r = logisticSr(bars);

  it('creates the resistance before the support, each scored against itself alone', () => {
    // Flat closes: no losses, so the seed's RS = 100 gives RSI ≈ 99 > 50 → rsi sign +1. A zero
    // body is not above ATR → body sign −1. One unrespected level: σ(1 − 2·step) ≈ 0.7214 ≥ 0.7.
    const p = 1 / (1 + Math.exp(-1));
    const step = 0.008 * (p + Math.log(p) - 2 * Math.log(1 - p));
    const probability = 1 / (1 + Math.exp(-(1 - 2 * step)));
    const common = { startIndex: 14, endIndex: null, timesRespected: 0, rsiSign: 1, bodySign: -1, kept: true };
    expect(r.levels).toHaveLength(2);
    expect(r.levels[0]).toMatchObject({ ...common, isSupport: false, level: 105 });
    expect(r.levels[1]).toMatchObject({ ...common, isSupport: true, level: 95 });
    r.levels.forEach((l) => expect(l.probability).toBeCloseTo(probability, 15));
  });

  it('shows both, as they lie within 7·ATR14 of the close', () => {
    // ATR14 at bar 28 is about 2.2 (TR 2 on flat bars, 10 on bar 14), so 7·ATR ≈ 15 > 5.
    expect(r.resistanceLevels.map((l) => l.level)).toEqual([105]);
    expect(r.supportLevels.map((l) => l.level)).toEqual([95]);
    expect([r.nearestSupport, r.nearestResistance]).toEqual([95, 105]);
  });
});
