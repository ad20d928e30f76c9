import golden from '../../fixtures/indicators.json';
import { expectGolden, sp500, synthetic } from '../../test/golden';
import { closesOf } from '../series';
import { ema, sma, windowEma } from './moving-average';

describe('sma', () => {
  it('averages the last n values and is NaN before that', () => {
    // (1+2+3)/3 = 2, (2+3+4)/3 = 3, (3+4+5)/3 = 4
    expect(sma([1, 2, 3, 4, 5], 3)).toEqual([NaN, NaN, 2, 3, 4]);
  });
});

describe('ema (pandas ewm, adjust=False)', () => {
  it('seeds with the first value and recurses with α = 2/(span+1)', () => {
    // span 3: α = 0.5. y0 = 1, y1 = 0.5·1 + 0.5·2 = 1.5, y2 = 0.5·1.5 + 0.5·3 = 2.25
    expect(ema([1, 2, 3], 3)).toEqual([1, 1.5, 2.25]);
  });

  it('seeds on the first non-NaN value, as after close.diff()', () => {
    // y1 = 4, y2 = 0.5·4 + 0.5·8 = 6
    expect(ema([NaN, 4, 8], 3)).toEqual([NaN, 4, 6]);
  });

  it('holds through a NaN while the old weight keeps decaying', () => {
    // old weight 0.5² = 0.25 at x = 6: (0.25·2 + 0.5·6)/(0.25 + 0.5) = 3.5/0.75 = 14/3
    const out = ema([2, NaN, 6], 3);
    expect(out.slice(0, 2)).toEqual([2, 2]);
    expect(out[2]).toBeCloseTo(14 / 3, 14);
  });

  it('is exactly the constant for a constant series', () => {
    expect(ema([0.1, 0.1, 0.1, 0.1], 10)).toEqual([0.1, 0.1, 0.1, 0.1]);
  });
});

describe('windowEma', () => {
  it('restarts from the first value of each window', () => {
    // window 3, α = 0.5: at 2: 1 → 1.5 → 2.25; at 3: 2 → 2.5 → 3.25
    expect(windowEma([1, 2, 3, 4], 3)).toEqual([NaN, NaN, 2.25, 3.25]);
  });

  it('forgets what lies before the window, unlike ema', () => {
    const values = [100, 1, 1, 1];
    expect(windowEma(values, 3)[3]).toBe(1);
    expect(ema(values, 3)[3]).toBeGreaterThan(1);
  });
});

describe.each([
  ['sp500', sp500, golden.sp500],
  ['synthetic', synthetic, golden.synthetic],
] as const)('golden vectors, %s', (_name, bars, expected) => {
  const closes = closesOf(bars);
  it('sma 5/20/50', () => {
    expectGolden([sma(closes, 5), sma(closes, 20), sma(closes, 50)], [expected.sma5, expected.sma20, expected.sma50]);
  });
  it('ema 10/12/26', () => {
    expectGolden([ema(closes, 10), ema(closes, 12), ema(closes, 26)], [expected.ema10, expected.ema12, expected.ema26]);
  });
  it('window ema 12/26', () => {
    expectGolden([windowEma(closes, 12), windowEma(closes, 26)], [expected.windowEma12, expected.windowEma26]);
  });
});
