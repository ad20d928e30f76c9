import { quantileLinear, quantileSortedLinear } from './quantiles';

describe('quantileLinear', () => {
  it('interpolates between order statistics like numpy.percentile', () => {
    // numpy.percentile([1, 2, 3, 4, 100], [25, 50, 75, 10]) = 2, 3, 4, 1.4
    const v = [100, 3, 1, 4, 2];
    expect(quantileLinear(v, 0.25)).toBe(2);
    expect(quantileLinear(v, 0.5)).toBe(3);
    expect(quantileLinear(v, 0.75)).toBe(4);
    expect(quantileLinear(v, 0.1)).toBeCloseTo(1.4, 15);
    expect(quantileSortedLinear([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSortedLinear([7], 0.9)).toBe(7);
  });

  it('rejects empty input, NaN and p outside [0, 1]', () => {
    expect(() => quantileLinear([], 0.5)).toThrow(RangeError);
    expect(() => quantileLinear([1, Number.NaN], 0.5)).toThrow(RangeError);
    expect(() => quantileLinear([1], 1.5)).toThrow(RangeError);
  });
});
