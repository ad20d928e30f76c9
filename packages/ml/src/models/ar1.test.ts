import { mulberry32, normalSampler } from '../stats/seeded-random';
import { fitAr1 } from './ar1';

function simulateAr1(seed: number, n: number, mu: number, phi: number, sigma: number): number[] {
  const normal = normalSampler(mulberry32(seed));
  const r: number[] = [];
  let prev = mu;
  for (let i = 0; i < n; i++) {
    prev = mu + phi * (prev - mu) + sigma * normal();
    r.push(prev);
  }
  return r;
}

describe('fitAr1', () => {
  it('recovers φ ≈ 0.3, μ and σ on a long simulated series', () => {
    const m = fitAr1(simulateAr1(42, 20000, 0.0005, 0.3, 0.01));
    expect(m.kind).toBe('ar1');
    expect(m.phi).toBeGreaterThan(0.28);
    expect(m.phi).toBeLessThan(0.32);
    expect(m.mu).toBeCloseTo(0.0005, 3);
    expect(m.sigma).toBeGreaterThan(0.0098);
    expect(m.sigma).toBeLessThan(0.0102);
  });

  it('forecasts the cumulative path μ + φ^k(r_T − μ) summed', () => {
    const m = fitAr1(simulateAr1(7, 500, 0.001, 0.5, 0.01));
    const { mu, phi, last } = m;
    const steps = [1, 2, 3].map((k) => mu + phi ** k * (last - mu));
    const path = m.path(3);
    expect(path[0]).toBeCloseTo(steps[0] as number, 15);
    expect(path[2]).toBeCloseTo((steps[0] as number) + (steps[1] as number) + (steps[2] as number), 15);
    expect(m.expectedReturn(3)).toBe(path[2]);
    // Far out, the per-step forecast reverts to μ.
    const far = m.path(200);
    expect((far[199] as number) - (far[198] as number)).toBeCloseTo(mu, 12);
  });

  it('cumulative σ is σ√h without persistence and larger with positive φ', () => {
    const white = fitAr1(simulateAr1(8, 5000, 0, 0, 0.01));
    expect(white.cumulativeSigma(4) / white.sigma).toBeCloseTo(2 * Math.sqrt(1 + 2 * white.phi), 1);
    const persistent = fitAr1(simulateAr1(9, 5000, 0, 0.6, 0.01));
    // h = 2: gains (1 + φ) for the first shock and 1 for the second.
    const want = persistent.sigma * Math.sqrt((1 + persistent.phi) ** 2 + 1);
    expect(persistent.cumulativeSigma(2)).toBeCloseTo(want, 15);
  });

  it('clips φ on a trending series', () => {
    const trend = Array.from({ length: 100 }, (_, i) => i * 0.001);
    const m = fitAr1(trend);
    expect(m.phi).toBe(0.99);
  });

  it('falls back to drift with too few points or constant returns', () => {
    const few = fitAr1([0.01, 0.02, 0.03]);
    expect(few).toMatchObject({ kind: 'drift', phi: 0 });
    expect(few.expectedReturn(2)).toBeCloseTo(0.04, 15);
    expect(fitAr1(new Array<number>(50).fill(0.002)).kind).toBe('drift');
    expect(fitAr1([]).expectedReturn(1)).toBe(0);
  });
});
