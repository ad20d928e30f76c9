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
