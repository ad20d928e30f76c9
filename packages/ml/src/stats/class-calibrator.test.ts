import { brierScore } from './brier';
import { fitClassCalibrator } from './class-calibrator';
import { mulberry32 } from './seeded-random';

describe('fitClassCalibrator', () => {
  it('returns distributions and fixes systematic overconfidence', () => {
    const rand = mulberry32(11);
    const probs: number[][] = [];
    const outcomes: number[] = [];
    for (let i = 0; i < 3000; i++) {
      // The true distribution is mild, but the "model" reports it sharpened.
      const t = [0.2 + 0.3 * rand(), 0.3, 0];
      t[2] = 1 - (t[0] as number) - 0.3;
      const u = rand();
      outcomes.push(u < (t[0] as number) ? 0 : u < (t[0] as number) + 0.3 ? 1 : 2);
      const sharp = t.map((q) => q ** 3);
      const s = sharp.reduce((a, b) => a + b, 0);
      probs.push(sharp.map((q) => q / s));
    }
    const train = 2000;
    const cal = fitClassCalibrator(probs.slice(0, train), outcomes.slice(0, train));
    const testP = probs.slice(train);
    const testY = outcomes.slice(train);
    const calibrated = testP.map((p) => cal.calibrate(p));
    for (const c of calibrated) expect(c.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(brierScore(calibrated, testY)).toBeLessThan(brierScore(testP, testY));
  });

  it('gives a class never observed zero probability unless a floor is set', () => {
    const probs = [
      [0.6, 0.3, 0.1],
      [0.2, 0.7, 0.1],
      [0.5, 0.4, 0.1],
    ];
    const outcomes = [0, 1, 0];
    expect(fitClassCalibrator(probs, outcomes).calibrate([0.5, 0.4, 0.1])[2]).toBe(0);
    const floored = fitClassCalibrator(probs, outcomes, { floor: 0.01 }).calibrate([0.5, 0.4, 0.1]);
    expect(floored[2]).toBeGreaterThan(0);
    expect(floored.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('validates its input', () => {
    expect(() => fitClassCalibrator([[0.5, 0.5]], [2])).toThrow(RangeError);
    expect(() => fitClassCalibrator([[0.5, 0.5]], [0], { floor: 0.6 })).toThrow(RangeError);
    expect(() => fitClassCalibrator([[0.5, 0.5]], [0]).calibrate([1])).toThrow(RangeError);
  });
});
