import golden from '../../fixtures/indicators.json';
import { expectGolden, sp500, synthetic } from '../../test/golden';
import { closesOf } from '../series';
import { sumRsi, wilderRsi } from './rsi';

describe('sumRsi', () => {
  it('divides summed gains by summed losses over the window', () => {
    // window 3 at index 3: changes +1, −1, +2 → gains 3, losses 1, RS 3 → 100 − 100/4 = 75
    expect(sumRsi([10, 11, 10, 12], 3)).toEqual([NaN, NaN, NaN, 75]);
  });

  it('is 100 with gains and no losses, 0 when flat', () => {
    expect(sumRsi([1, 2, 3, 4], 3)[3]).toBe(100);
    expect(sumRsi([5, 5, 5, 5], 3)[3]).toBe(0);
  });
});

describe('wilderRsi (as the seed seeds it)', () => {
  it('counts change `period` in both the seed and the first smoothing step', () => {
    // period 2; gains [0,1,0,2,0], losses [0,0,1,0,0]. Seed: (0+1+0)/2 = 0.5, (0+0+1)/2 = 0.5.
    // i=2: g = (0.5 + 0)/2 = 0.25, l = (0.5 + 1)/2 = 0.75, RS 1/3 → 25
    // i=3: g = (0.25 + 2)/2 = 1.125, l = 0.375, RS 3 → 75; i=4: g = 0.5625, l = 0.1875 → 75
    expect(wilderRsi([10, 11, 10, 12, 12], 2)).toEqual([NaN, NaN, 25, 75, 75]);
  });

  it('tops out at 100 − 100/101 with no losses, since RS is set to 100', () => {
    expect(wilderRsi([1, 2, 3, 4], 2)[3]).toBe(100 - 100 / 101);
  });

  it('is NaN throughout with period bars or fewer', () => {
    expect(wilderRsi([1, 2, 3], 3)).toEqual([NaN, NaN, NaN]);
  });
});

describe.each([
  ['sp500', sp500, golden.sp500],
  ['synthetic', synthetic, golden.synthetic],
] as const)('golden vectors, %s', (_name, bars, expected) => {
  it('sum RSI 14 and Wilder RSI 14', () => {
    const closes = closesOf(bars);
    expectGolden([sumRsi(closes, 14), wilderRsi(closes, 14)], [expected.sumRsi14, expected.wilderRsi14]);
  });
});

describe('properties', () => {
  it('both RSIs stay within [0, 100] on real closes', () => {
    const closes = closesOf(sp500);
    for (const v of [...sumRsi(closes), ...wilderRsi(closes)].filter((x) => !Number.isNaN(x))) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
  });
});
