import {
  driftSeverity,
  kolmogorovSurvival,
  ksDrift,
  ksStatistic,
  ksTwoSample,
} from './kolmogorov-smirnov';
import { mulberry32, normalSampler } from './seeded-random';

describe('ksStatistic', () => {
  it('handles ties by advancing both CDFs past a shared value', () => {
    // a = 1, 2, 2, 3 and b = 2, 3, 3, 4. At x = 1: 1/4 − 0; x = 2: 3/4 − 1/4 = 1/2;
    // x = 3: 1 − 3/4; x = 4: 0. Stepping a's 2s before b's 2 would wrongly report 3/4.
    expect(ksStatistic([1, 2, 2, 3], [2, 3, 3, 4])).toBe(0.5);
    expect(ksStatistic([3, 2, 2, 1], [4, 3, 2, 3])).toBe(0.5);
  });

  it('is 0 for identical samples and 1 for disjoint ones', () => {
    expect(ksStatistic([1, 2, 2, 5], [5, 2, 1, 2])).toBe(0);
    expect(ksStatistic([1, 2], [3, 4, 5])).toBe(1);
  });

  it('handles unequal sizes', () => {
    // a = 1..3, b = 2: at x = 1 the gap is 1/3, at x = 2 it is |2/3 − 1| = 1/3.
    expect(ksStatistic([1, 2, 3], [2])).toBeCloseTo(1 / 3, 15);
  });
});

describe('kolmogorovSurvival', () => {
  // Kolmogorov distribution values (e.g. Smirnov 1948 tables): P(K ≤ λ) = 1 − Q(λ).
  it.each([
    [0.5, 0.9639452],
    [0.8, 0.5441424],
    [1.0, 0.2699997],
    [1.5, 0.0222180],
    [2.0, 0.0006709],
  ])('Q(%f) = %f', (lambda, q) => {
    expect(kolmogorovSurvival(lambda)).toBeCloseTo(q, 7);
  });

  it('hits the classic critical values 1.2238, 1.3581 and 1.6276', () => {
    expect(kolmogorovSurvival(1.2238)).toBeCloseTo(0.1, 4);
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 4);
  });

  it('is continuous where the two series meet and monotone overall', () => {
    expect(kolmogorovSurvival(1.18 - 1e-12)).toBeCloseTo(kolmogorovSurvival(1.18), 10);
    let prev = 1;
    for (let l = 0; l <= 3; l += 0.01) {
      const q = kolmogorovSurvival(l);
      expect(q).toBeLessThanOrEqual(prev);
      prev = q;
    }
    expect(kolmogorovSurvival(0)).toBe(1);
  });
});

describe('ksTwoSample and ksDrift', () => {
  it('computes λ with the effective sample size', () => {
    const a = Array.from({ length: 40 }, (_, i) => i);
    const b = Array.from({ length: 60 }, (_, i) => i + 10);
    const r = ksTwoSample(a, b);
    expect(r.effectiveN).toBe(24);
    // At x = 39 all of a is in but only 30 of b's 60 values: D = 1 − 1/2.
    expect(r.d).toBe(0.5);
    const root = Math.sqrt(24);
    expect(r.lambda).toBeCloseTo((root + 0.12 + 0.11 / root) * 0.5, 15);
    expect(r.pValue).toBeCloseTo(kolmogorovSurvival(r.lambda), 15);
  });

  it('does not flag drift on two samples from one distribution but does on a shift', () => {
    const normal = normalSampler(mulberry32(5));
    const ref = Array.from({ length: 500 }, () => normal());
    const same = Array.from({ length: 500 }, () => normal());
    // A one-sigma shift: population D = 2Φ(0.5) − 1 ≈ 0.38.
    const shifted = Array.from({ length: 500 }, () => normal() + 1);
    expect(ksDrift(ref, same)).toMatchObject({ drift: false, severity: 'none', enoughSamples: true });
    const moved = ksDrift(ref, shifted);
    expect(moved.drift).toBe(true);
    expect(moved.pValue).toBeLessThan(1e-6);
    expect(moved.severity).toBe('high');
  });

  it('does not call drift with fewer than 30 values a side, and drops NaN', () => {
    const r = ksDrift([1, 2, 3, Number.NaN], [10, 11, 12]);
    expect(r).toMatchObject({ n1: 3, n2: 3, d: 1, drift: false, severity: 'none', enoughSamples: false });
    expect(ksDrift([], [1]).pValue).toBe(1);
  });

  it('maps D to the seed severity bands', () => {
    expect([0, 0.0999, 0.1, 0.1999, 0.2, 0.2999, 0.3, 1].map(driftSeverity)).toEqual([
      'none', 'none', 'low', 'low', 'medium', 'medium', 'high', 'high',
    ]);
  });
});
