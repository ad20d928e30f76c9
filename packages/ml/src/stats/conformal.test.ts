import {
  absLogResidual,
  coldStartHalfWidth,
  conformalQuantile,
  logBand,
  normalQuantile,
} from './conformal';
import { mulberry32, normalSampler } from './seeded-random';

describe('conformalQuantile', () => {
  it('picks the ceil((n + 1)(1 − α))-th smallest residual', () => {
    const r = [0.5, 0.1, 0.4, 0.2, 0.3, 0.9, 0.8, 0.7, 0.6];
    // n = 9, α = 0.2: k = ceil(10 · 0.8) = 8 → 0.8.
    expect(conformalQuantile(r, 0.2)).toEqual({ q: 0.8, k: 8, n: 9, finite: true });
    // α = 0.1: k = ceil(10 · 0.9) = 9 → 0.9, the maximum.
    expect(conformalQuantile(r, 0.1).q).toBe(0.9);
  });

  it('does not let float error bump k past an exact integer', () => {
    const r = Array.from({ length: 9 }, (_, i) => i + 1);
    // (9 + 1) · (1 − 0.7) = 3.0000000000000004 in floating point; the rank is 3.
    expect(conformalQuantile(r, 0.7)).toMatchObject({ k: 3, q: 3 });
  });

  it('is infinite when n is too small for the coverage', () => {
    // α = 0.1 needs n ≥ 9.
    expect(conformalQuantile([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], 0.1)).toEqual({
      q: Infinity,
      k: 9,
      n: 8,
      finite: false,
    });
    expect(conformalQuantile([], 0.5).finite).toBe(false);
  });

  it('rejects signed residuals and bad alpha', () => {
    expect(() => conformalQuantile([-0.1], 0.1)).toThrow(RangeError);
    expect(() => conformalQuantile([0.1], 1)).toThrow(RangeError);
  });

  it('80 % bands cover 80 ± 3 % of fresh iid normal noise', () => {
    const normal = normalSampler(mulberry32(2024));
    let covered = 0;
    let total = 0;
    for (let trial = 0; trial < 400; trial++) {
      const calibration = Array.from({ length: 49 }, () => Math.abs(normal()));
      const { q } = conformalQuantile(calibration, 0.2);
      for (let j = 0; j < 25; j++) {
        if (Math.abs(normal()) <= q) covered++;
        total++;
      }
    }
    expect(covered / total).toBeGreaterThan(0.77);
    expect(covered / total).toBeLessThan(0.83);
  });
});

describe('bands', () => {
  it('absLogResidual and logBand are inverse views of the same band', () => {
    const q = absLogResidual(110, 100);
    expect(q).toBeCloseTo(Math.log(1.1), 15);
    const band = logBand(100, q);
    expect(band.upper).toBeCloseTo(110, 10);
    expect(band.lower).toBeCloseTo(100 / 1.1, 10);
    expect(logBand(50, Infinity)).toEqual({ lower: 0, upper: Infinity });
  });

  it('normalQuantile matches published values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 6);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281551566, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829304, 6);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963985, 6);
  });

  it('cold-start half-width is σ·√h·z', () => {
    expect(coldStartHalfWidth(0.01, 4, 0.05)).toBeCloseTo(0.01 * 2 * 1.959963985, 8);
    expect(coldStartHalfWidth(0, 5, 0.2)).toBe(0);
  });

  it('cold-start bands cover their nominal share of simulated random walks', () => {
    const normal = normalSampler(mulberry32(99));
    const sigma = 0.02;
    const h = 5;
    const w = coldStartHalfWidth(sigma, h, 0.2);
    let covered = 0;
    const trials = 5000;
    for (let t = 0; t < trials; t++) {
      let sum = 0;
      for (let i = 0; i < h; i++) sum += sigma * normal();
      if (Math.abs(sum) <= w) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.78);
    expect(covered / trials).toBeLessThan(0.82);
  });
});
