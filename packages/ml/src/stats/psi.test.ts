import { populationStabilityIndex, psiLevel } from './psi';
import { mulberry32, normalSampler } from './seeded-random';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('populationStabilityIndex', () => {
  it('matches a hand computation', () => {
    // Reference 1..10, two bins: edge at the median 5.5, so 0.5 / 0.5 expected.
    // Current 1..8: five values ≤ 5.5 and three above → 0.625 / 0.375.
    const r = populationStabilityIndex(range(1, 10), range(1, 8), { bins: 2 });
    const want = 0.125 * Math.log(0.625 / 0.5) + -0.125 * Math.log(0.375 / 0.5);
    expect(r.psi).toBeCloseTo(want, 15);
    expect(r.bins).toEqual([
      { lower: -Infinity, upper: 5.5, expected: 0.5, actual: 0.625 },
      { lower: 5.5, upper: Infinity, expected: 0.5, actual: 0.375 },
    ]);
    expect(r.level).toBe('stable');
  });

  it('gives 10 equally full reference bins by default and 0 for the same sample', () => {
    const ref = range(1, 100);
    const r = populationStabilityIndex(ref, ref);
    expect(r.bins).toHaveLength(10);
    for (const b of r.bins) expect(b.expected).toBe(0.1);
    expect(r.psi).toBe(0);
  });

  it('uses epsilon for empty bins and open outer bins for values beyond the reference', () => {
    const r = populationStabilityIndex(range(1, 10), [100, 200], { bins: 2, epsilon: 0.001 });
    expect(r.bins[0]?.actual).toBe(0.001);
    expect(r.bins[1]?.actual).toBe(1);
    const want = (0.001 - 0.5) * Math.log(0.001 / 0.5) + 0.5 * Math.log(1 / 0.5);
    expect(r.psi).toBeCloseTo(want, 12);
    expect(r.level).toBe('significant');
  });

  it('merges repeated quantile edges from a tied reference', () => {
    const r = populationStabilityIndex([1, 1, 1, 1, 1, 1, 1, 1, 2, 3], [1, 2, 3], { bins: 4 });
    // Quantiles 0.25, 0.5 and 0.75 are all 1: a single edge, two bins.
    expect(r.bins.map((b) => b.upper)).toEqual([1, Infinity]);
  });

  it('separates a stable resample from a shifted one', () => {
    const normal = normalSampler(mulberry32(3));
    const ref = Array.from({ length: 5000 }, () => normal());
    const same = Array.from({ length: 5000 }, () => normal());
    const shifted = Array.from({ length: 5000 }, () => normal() * 1.5 + 0.5);
    expect(populationStabilityIndex(ref, same).level).toBe('stable');
    expect(populationStabilityIndex(ref, shifted).level).toBe('significant');
  });

  it('reads the conventional thresholds', () => {
    expect([0, 0.0999, 0.1, 0.2499, 0.25].map(psiLevel)).toEqual([
      'stable', 'stable', 'moderate', 'moderate', 'significant',
    ]);
  });
});
