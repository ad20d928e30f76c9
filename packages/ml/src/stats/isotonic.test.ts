import { fitIsotonic } from './isotonic';
import { mulberry32 } from './seeded-random';

describe('fitIsotonic', () => {
  it('matches a hand-computed PAV', () => {
    // y = 1, 3, 2, 4, 3.5, 5 → pool (3, 2) = 2.5 and (4, 3.5) = 3.75.
    const m = fitIsotonic([1, 2, 3, 4, 5, 6], [1, 3, 2, 4, 3.5, 5], undefined, 'step');
    expect([1, 2, 3, 4, 5, 6].map((q) => m.predict(q))).toEqual([1, 2.5, 2.5, 3.75, 3.75, 5]);
    expect(m.xs).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('weights the pooled mean', () => {
    // (3·1 + 1·3) / 4 = 1.5 for a violating pair with weights 1 and 3.
    const m = fitIsotonic([0, 1], [3, 1], [1, 3]);
    expect(m.ys).toEqual([1.5, 1.5]);
    expect(m.xs).toEqual([0, 1]);
  });

  it('cascades a late violator back through earlier blocks', () => {
    // 1, 2, 3 then 0: (3, 0) pools to 1.5, which is below 2, so (2, 3, 0) pools to 5/3;
    // 1 < 5/3 stops the cascade.
    const m = fitIsotonic([1, 2, 3, 4], [1, 2, 3, 0]);
    expect(m.ys).toEqual([1, 5 / 3, 5 / 3]);
    expect(m.xs).toEqual([1, 2, 4]);
  });

  it('pools equal x before fitting and ignores input order', () => {
    const a = fitIsotonic([2, 1, 2, 3], [0, 0.2, 1, 0.9]);
    const b = fitIsotonic([1, 2, 2, 3], [0.2, 1, 0, 0.9]);
    // x = 2 pools to 0.5; (0.2, 0.5, 0.9) is already monotone.
    expect(a.ys).toEqual([0.2, 0.5, 0.9]);
    expect(b.ys).toEqual(a.ys);
  });

  it('interpolates between knots and is flat beyond the ends', () => {
    const m = fitIsotonic([0, 1, 2], [0, 0.5, 1]);
    expect(m.predict(0.5)).toBe(0.25);
    expect(m.predict(-3)).toBe(0);
    expect(m.predict(9)).toBe(1);
    const s = fitIsotonic([0, 1, 2], [0, 0.5, 1], undefined, 'step');
    expect(s.predict(0.5)).toBe(0);
    expect(s.predict(1.99)).toBe(0.5);
  });

  it('is monotone on noisy data in both predict modes', () => {
    const rand = mulberry32(7);
    const x = Array.from({ length: 500 }, () => rand());
    const y = x.map((v) => (rand() < v ? 1 : 0));
    for (const mode of ['interpolate', 'step'] as const) {
      const m = fitIsotonic(x, y, undefined, mode);
      let prev = -Infinity;
      for (let q = -0.1; q <= 1.1; q += 0.001) {
        const v = m.predict(q);
        expect(v).toBeGreaterThanOrEqual(prev);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        prev = v;
      }
    }
  });

  it('rejects bad input', () => {
    expect(() => fitIsotonic([1, 2], [1])).toThrow(RangeError);
    expect(() => fitIsotonic([1], [1], [-1])).toThrow(RangeError);
    expect(() => fitIsotonic([1], [1], [0])).toThrow(RangeError);
    expect(() => fitIsotonic([Number.NaN], [1])).toThrow(RangeError);
  });
});
