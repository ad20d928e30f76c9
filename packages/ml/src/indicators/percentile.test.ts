import { quantile } from 'simple-statistics';
import golden from '../../fixtures/indicators.json';
import { expectGolden } from '../../test/golden';
import { percentile } from './percentile';

describe('percentile (numpy linear)', () => {
  it('interpolates at (n − 1)·q/100 in the sorted values', () => {
    // sorted [1, 2, 3]: q50 → index 1 → 2; q25 → index 0.5 → 1.5; q10 → index 0.2 → 1.2
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([3, 1, 2], 25)).toBe(1.5);
    expect(percentile([3, 1, 2], 10)).toBeCloseTo(1.2, 15);
    expect(percentile([3, 1, 2], 100)).toBe(3);
  });

  it("keeps numpy's two-sided lerp, where simple-statistics can differ in the last bit", () => {
    // simple-statistics 7.12.1 also interpolates at (n − 1)·p, but always upward from the lower
    // neighbour: 0.1 + 0.6·0.5 = 0.4. numpy, with fraction ≥ 0.5, goes down from the upper
    // one: 0.7 − 0.6·0.5 = 0.39999999999999997. A k-means seed one ulp off can flip a tie.
    expect(percentile([0.1, 0.7], 50)).toBe(0.39999999999999997);
    expect(quantile([0.1, 0.7], 0.5)).toBe(0.4);
    expect(percentile([1, 2, 3, 4], 25)).toBe(1.75);
  });

  it('rejects an empty input and q outside [0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('matches the reference', () => {
    expectGolden(
      golden.percentile.map((c) => percentile(c.values, c.q)),
      golden.percentile.map((c) => c.expected),
    );
  });
});

it('is non-decreasing in q and stays within the values', () => {
  const values = [0.3, -1.7, 2.25, 9, -4.5, 0.3, 1.1];
  const qs = Array.from({ length: 101 }, (_, q) => percentile(values, q));
  qs.forEach((v, q) => {
    if (q > 0) expect(v).toBeGreaterThanOrEqual(qs[q - 1]!);
  });
  expect([qs[0], qs[100]]).toEqual([-4.5, 9]);
});
