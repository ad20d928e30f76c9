import golden from '../../fixtures/evaluation-option-b.json';
import { goldenMismatches } from './golden.test-support';
import { evaluateOptionB, optionBTolerance, summariseOptionB } from './option-b';

describe('evaluateOptionB', () => {
  const base = { low: 95, high: 105, prior: 100 };

  it('grades the four tiers with tolerance 1 % up to 3 days and 2 % beyond', () => {
    expect(optionBTolerance(3)).toBe(0.01);
    expect(optionBTolerance(4)).toBe(0.02);
    // mid 101: 1 % band [99.99, 102.01], 2× band [98.98, 103.02].
    expect(evaluateOptionB({ ...base, mid: 101, horizonDays: 1, actual: 102 }).outcome).toBe('FULL_HIT');
    expect(evaluateOptionB({ ...base, mid: 101, horizonDays: 1, actual: 103 }).outcome).toBe('DIRECTIONAL_HIT');
    expect(evaluateOptionB({ ...base, mid: 101, horizonDays: 1, actual: 104 }).outcome).toBe('DIRECTIONAL_ONLY');
    expect(evaluateOptionB({ ...base, mid: 101, horizonDays: 5, actual: 103 }).outcome).toBe('FULL_HIT');
    expect(evaluateOptionB({ ...base, mid: 101, horizonDays: 1, actual: 99 }).outcome).toBe('MISS');
  });

  it('counts a flat actual as "not up", as the seed code does', () => {
    expect(evaluateOptionB({ ...base, mid: 99, horizonDays: 1, actual: 100 }).directionCorrect).toBe(true);
    expect(evaluateOptionB({ ...base, mid: 101, horizonDays: 1, actual: 100 }).directionCorrect).toBe(false);
  });

  it('reports MAPE in percent and bias as mid − actual', () => {
    const e = evaluateOptionB({ ...base, mid: 101, horizonDays: 1, actual: 100 });
    expect(e.mape).toBeCloseTo(1, 12);
    expect(e.bias).toBe(1);
    expect(e.withinBand).toBe(true);
  });

  it('matches the reference script on every golden case', () => {
    for (const c of golden.cases) {
      expect(goldenMismatches(evaluateOptionB(c.input), c.expected)).toEqual([]);
    }
  });

  it('summarises outcome rates', () => {
    const evals = golden.cases.map((c) => evaluateOptionB(c.input));
    const s = summariseOptionB(evals);
    expect(s.total).toBe(evals.length);
    expect(s.rates.FULL_HIT + s.rates.DIRECTIONAL_HIT + s.rates.DIRECTIONAL_ONLY + s.rates.MISS).toBeCloseTo(1, 12);
    expect(s.directionalAccuracy).toBeCloseTo(1 - s.rates.MISS, 12);
    expect(summariseOptionB([]).directionalAccuracy).toBe(0);
  });
});
