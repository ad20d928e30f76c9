import { brierSkillScore, classFrequencies } from '../stats/brier';
import { mulberry32, normalSampler } from '../stats/seeded-random';
import { fitSoftmaxRegression } from './softmax-regression';

const argmax = (p: readonly number[]): number => p.indexOf(Math.max(...p));
const sum = (p: readonly number[]): number => p.reduce((a, b) => a + b, 0);

function clusters(seed: number, perClass: number): { X: number[][]; y: number[] } {
  const normal = normalSampler(mulberry32(seed));
  const centres = [
    [-3, 0],
    [3, 0],
    [0, 3],
  ];
  const X: number[][] = [];
  const y: number[] = [];
  centres.forEach((c, k) => {
    for (let i = 0; i < perClass; i++) {
      X.push([(c[0] as number) + 0.5 * normal(), (c[1] as number) + 0.5 * normal()]);
      y.push(k);
    }
  });
  return { X, y };
}

/** Features that carry no information about labels drawn with the given frequencies. */
function noise(seed: number, n: number, freq: readonly number[]): { X: number[][]; y: number[] } {
  const rand = mulberry32(seed);
  const normal = normalSampler(rand);
  const X = Array.from({ length: n }, () => [normal(), normal(), normal()]);
  const y = X.map(() => {
    const u = rand();
    return u < (freq[0] as number) ? 0 : u < (freq[0] as number) + (freq[1] as number) ? 1 : 2;
  });
  return { X, y };
}

describe('fitSoftmaxRegression', () => {
  it('separates linearly separable clusters with confident probabilities', () => {
    const { X, y } = clusters(1, 60);
    const m = fitSoftmaxRegression(X, y, 3);
    X.forEach((row, i) => expect(argmax(m.predictProba(row))).toBe(y[i]));
    expect(m.predictProba([-3, 0])[0]).toBeGreaterThan(0.9);
    expect(m.predictProba([0, 3])[2]).toBeGreaterThan(0.9);
    for (const row of X) expect(sum(m.predictProba(row))).toBeCloseTo(1, 12);
  });

  it('stays near the base rates on pure noise instead of inventing confidence', () => {
    const freq = [0.5, 0.3, 0.2];
    const train = noise(2, 1500, freq);
    const test = noise(3, 1500, freq);
    const m = fitSoftmaxRegression(train.X, train.y, 3, { classWeight: 'none' });
    const probs = test.X.map((r) => m.predictProba(r));
    for (let k = 0; k < 3; k++) {
      const mean = probs.reduce((s, p) => s + (p[k] as number), 0) / probs.length;
      expect(mean).toBeCloseTo(freq[k] as number, 1);
    }
    const clim = classFrequencies(train.y, 3);
    // No information: skill against climatology is about zero, never a large loss.
    expect(Math.abs(brierSkillScore(probs, test.y, clim))).toBeLessThan(0.02);
  });

  it('balanced class weights pull noise predictions toward a uniform prior', () => {
    const { X, y } = noise(4, 1500, [0.6, 0.3, 0.1]);
    const m = fitSoftmaxRegression(X, y, 3);
    const mean = [0, 1, 2].map((k) => X.reduce((s, r) => s + (m.predictProba(r)[k] as number), 0) / X.length);
    for (const v of mean) expect(v).toBeCloseTo(1 / 3, 1);
  });

  it('gives a class absent from training the floor probability, never NaN', () => {
    const { X, y } = clusters(5, 30);
    const keep = y.map((c, i) => (c === 1 ? -1 : i)).filter((i) => i >= 0);
    const m = fitSoftmaxRegression(keep.map((i) => X[i] as number[]), keep.map((i) => y[i] as number), 3, { floor: 0.01 });
    expect(m.present).toEqual([0, 2]);
    const p = m.predictProba([3, 0]);
    expect(p[1]).toBe(0.01);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(sum(p)).toBeCloseTo(1, 12);
  });

  it('handles a single training class', () => {
    const m = fitSoftmaxRegression([[1], [2]], [2, 2], 3);
    expect(m.predictProba([5])).toEqual([0.001, 0.001, 0.998]);
  });

  it('is deterministic and stable on unscaled features', () => {
    const { X, y } = clusters(6, 40);
    const big = X.map((r) => [(r[0] as number) * 1000, (r[1] as number) * 1000]);
    const a = fitSoftmaxRegression(big, y, 3, { iterations: 200 });
    const b = fitSoftmaxRegression(big, y, 3, { iterations: 200 });
    expect(a.coefficients).toEqual(b.coefficients);
    for (const row of big) expect(a.predictProba(row).every(Number.isFinite)).toBe(true);
  });

  it('rejects bad labels and shapes', () => {
    expect(() => fitSoftmaxRegression([[1]], [3], 3)).toThrow(RangeError);
    expect(() => fitSoftmaxRegression([[1], [1, 2]], [0, 1], 3)).toThrow(RangeError);
    expect(() => fitSoftmaxRegression([], [], 3)).toThrow(RangeError);
    expect(() => fitSoftmaxRegression([[1]], [0], 3).predictProba([1, 2])).toThrow(RangeError);
  });
});
