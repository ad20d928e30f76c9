import { wilson } from './wilson';

describe('wilson', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I,
  // method 3 (score interval without continuity correction), to 4 decimals.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i gives [%f, %f]', (s, n, lower, upper) => {
    const ci = wilson(s, n);
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
    expect(ci.p).toBe(s / n);
  });

  it('is symmetric around one half when successes are half', () => {
    const ci = wilson(50, 100);
    expect(ci.lower + ci.upper).toBeCloseTo(1, 12);
  });

  it('gives the whole unit interval for n = 0', () => {
    expect(wilson(0, 0)).toEqual({ p: 0, lower: 0, upper: 1 });
  });

  it('narrows as z falls', () => {
    const wide = wilson(30, 60, 2.576);
    const narrow = wilson(30, 60, 1.645);
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it('rejects impossible counts', () => {
    expect(() => wilson(5, 4)).toThrow(RangeError);
    expect(() => wilson(-1, 4)).toThrow(RangeError);
    expect(() => wilson(1, 2.5)).toThrow(RangeError);
  });
});
