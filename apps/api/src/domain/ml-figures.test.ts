import { wilson } from '@marketfleet/ml';
import { addSums, EMPTY_SUMS, figuresOf, MIN_EVALUATIONS, reliabilityOf, verdictOf } from './ml-figures';

const sums = (n: number, hits: number, ups: number) => ({ ...EMPTY_SUMS, n, hits, ups, in80: Math.round(0.8 * n), in95: n, absError: 0.02 * n, absErrorRandomWalk: 0.025 * n, brier: 0.5 * n, brierClimatology: 0.6 * n });

describe('figuresOf', () => {
  test('skill only when the Wilson lower bound clears the base rate', () => {
    const f = figuresOf(sums(400, 240, 200));
    expect(f.interval.lower).toBeCloseTo(wilson(240, 400).lower, 6);
    expect(f).toMatchObject({ n: 400, hitRate: 0.6, baseRate: 0.5, verdict: 'skill', mase: 0.8, coverage80: 0.8, coverage95: 1 });
    expect(f.brierSkill).toBeCloseTo(1 / 6, 6);
  });

  test('a hit rate that only matches the more frequent direction is no skill', () => {
    // 70 % hits when 70 % of the moves were rises: always calling "up" did as well.
    expect(figuresOf(sums(1000, 700, 700)).verdict).toBe('no skill');
    // The base rate is the better of always-up and always-down.
    expect(figuresOf(sums(1000, 700, 300)).baseRate).toBe(0.7);
  });

  test('too few evaluations give no verdict, however good; none give nulls, never NaN', () => {
    expect(figuresOf(sums(MIN_EVALUATIONS - 1, MIN_EVALUATIONS - 1, 10)).verdict).toBe('too few');
    expect(figuresOf(sums(MIN_EVALUATIONS, MIN_EVALUATIONS, 15)).verdict).toBe('skill');
    const empty = figuresOf(EMPTY_SUMS);
    expect(empty).toMatchObject({ n: 0, hitRate: null, baseRate: null, mase: null, brierSkill: null, verdict: 'too few', interval: { lower: 0, upper: 1 } });
    expect(JSON.stringify(empty)).not.toMatch(/NaN|Infinity/);
    expect(verdictOf(100, 0.9, null)).toBe('too few');
  });

  test('sums add exactly, so a window is the sum of its days', () => {
    const a = sums(10, 6, 5);
    const b = sums(30, 12, 20);
    expect(figuresOf(addSums(a, b))).toEqual(figuresOf(sums(40, 18, 25)));
  });
});

describe('reliabilityOf', () => {
  test('sums the bins of several horizons and reads each as said against came true', () => {
    const t = reliabilityOf([
      { bin: 6, count: 10, sumP: 6.5, hits: 6 },
      { bin: 6, count: 10, sumP: 6.5, hits: 7 },
      { bin: 9, count: 5, sumP: 4.75, hits: 5 },
    ]);
    expect(t.count).toBe(25);
    expect(t.bins).toHaveLength(10);
    expect(t.bins[6]).toEqual({ lower: 0.6, upper: 0.7, count: 20, meanPredicted: 0.65, observedFrequency: 0.65 });
    expect(t.bins[9]).toMatchObject({ meanPredicted: 0.95, observedFrequency: 1 });
    expect(t.bins[0]).toMatchObject({ count: 0, meanPredicted: null });
    expect(t.expectedCalibrationError).toBeCloseTo((5 / 25) * 0.05, 6);
    expect(reliabilityOf([]).expectedCalibrationError).toBeNull();
  });
});
