import { bsGreeks, bsPrice, impliedVol, type BsInput } from './black-scholes';

const close = (got: number, want: number, abs: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(abs);
};

describe('bsPrice', () => {
  it('Hull, Options Futures and Other Derivatives, example 15.6: S 42, K 40, r 10 %, σ 20 %, 6 months', () => {
    const base = { spot: 42, strike: 40, years: 0.5, vol: 0.2, rate: 0.1 };
    close(bsPrice({ ...base, side: 'call' }), 4.76, 0.005);
    close(bsPrice({ ...base, side: 'put' }), 0.81, 0.005);
    // To more digits: d1 = 0.7693, d2 = 0.6278, so c = 4.7594.
    close(bsPrice({ ...base, side: 'call' }), 4.759422, 1e-6);
  });

  it('Hull example 17.1: index 930, K 900, r 8 %, q 3 %, σ 20 %, two months', () => {
    close(bsPrice({ side: 'call', spot: 930, strike: 900, years: 2 / 12, vol: 0.2, rate: 0.08, dividendYield: 0.03 }), 51.83, 0.005);
  });

  it('obeys put–call parity c − p = S·e^(−qT) − K·e^(−rT)', () => {
    for (const [s, k, t, v, r, q] of [
      [100, 100, 1, 0.2, 0.05, 0],
      [50, 80, 0.1, 0.6, 0.01, 0.02],
      [250, 180, 2.5, 0.35, 0.04, 0.015],
      [10, 9.5, 7 / 365, 1.2, 0.0, 0.0],
      [1000, 1300, 0.75, 0.15, -0.005, 0.03],
    ] as const) {
      const base = { spot: s, strike: k, years: t, vol: v, rate: r, dividendYield: q };
      const c = bsPrice({ ...base, side: 'call' });
      const p = bsPrice({ ...base, side: 'put' });
      close(c - p, s * Math.exp(-q * t) - k * Math.exp(-r * t), 1e-10 * s);
    }
  });

  it('collapses to discounted intrinsic value at T = 0 or σ = 0', () => {
    expect(bsPrice({ side: 'call', spot: 105, strike: 100, years: 0, vol: 0.3 })).toBe(5);
    expect(bsPrice({ side: 'put', spot: 105, strike: 100, years: 0, vol: 0.3 })).toBe(0);
    close(bsPrice({ side: 'call', spot: 100, strike: 100, years: 1, vol: 0, rate: 0.05 }), 100 - 100 * Math.exp(-0.05), 1e-12);
  });

  it('throws on inputs no caller should pass', () => {
    expect(() => bsPrice({ side: 'call', spot: 0, strike: 100, years: 1, vol: 0.2 })).toThrow(RangeError);
    expect(() => bsPrice({ side: 'call', spot: 100, strike: 100, years: -1, vol: 0.2 })).toThrow(RangeError);
    expect(() => bsPrice({ side: 'call', spot: 100, strike: Number.NaN, years: 1, vol: 0.2 })).toThrow(RangeError);
  });
});

describe('bsGreeks', () => {
  // Hull example 19.1 and its sequels: S 49, K 50, r 5 %, σ 20 %, 20 weeks (0.3846 y).
  const hull: BsInput = { side: 'call', spot: 49, strike: 50, years: 0.3846, vol: 0.2, rate: 0.05 };

  it('matches Hull’s published greeks (delta 0.522, gamma 0.066, theta −4.31/y, vega 12.1, rho 8.91)', () => {
    const g = bsGreeks(hull);
    close(g.price, 2.4, 0.005);
    close(g.delta, 0.522, 0.0005);
    close(g.gamma, 0.066, 0.0005);
    close(g.theta * 365, -4.31, 0.005);
    close(g.vega * 100, 12.1, 0.05);
    close(g.rho * 100, 8.91, 0.005);
  });

  it('agrees with finite differences of the price, for calls and puts with dividends', () => {
    for (const side of ['call', 'put'] as const) {
      const i: BsInput = { side, spot: 120, strike: 110, years: 0.4, vol: 0.3, rate: 0.03, dividendYield: 0.01 };
      const g = bsGreeks(i);
      const h = 1e-3;
      const at = (patch: Partial<BsInput>): number => bsPrice({ ...i, ...patch });
      close(g.price, bsPrice(i), 1e-12);
      close(g.delta, (at({ spot: 120 + h }) - at({ spot: 120 - h })) / (2 * h), 1e-7);
      close(g.gamma, (at({ spot: 120 + h }) - 2 * at({}) + at({ spot: 120 - h })) / (h * h), 1e-5);
      const e = 1e-5; // σ, r and T move less than spot for the same truncation error
      close(g.vega, (at({ vol: 0.3 + e }) - at({ vol: 0.3 - e })) / (2 * e) / 100, 1e-9);
      close(g.rho, (at({ rate: 0.03 + e }) - at({ rate: 0.03 - e })) / (2 * e) / 100, 1e-9);
      // Theta is −∂V/∂T, per calendar day.
      close(g.theta, -((at({ years: 0.4 + e }) - at({ years: 0.4 - e })) / (2 * e)) / 365, 1e-9);
    }
  });

  it('gives the step delta and no other greeks at expiry', () => {
    expect(bsGreeks({ side: 'put', spot: 90, strike: 100, years: 0, vol: 0.2 })).toEqual({
      price: 10,
      delta: -1,
      gamma: 0,
      theta: 0,
      vega: 0,
      rho: 0,
    });
  });
});

describe('impliedVol', () => {
  it('round-trips prices across moneyness, tenor and volatility', () => {
    for (const side of ['call', 'put'] as const) {
      for (const k of [60, 85, 100, 115, 150]) {
        for (const t of [3 / 365, 30 / 365, 0.5, 2]) {
          for (const v of [0.05, 0.2, 0.6, 1.5, 3]) {
            const i = { side, spot: 100, strike: k, years: t, rate: 0.04, dividendYield: 0.01 };
            const price = bsPrice({ ...i, vol: v });
            const vega = bsGreeks({ ...i, vol: v }).vega;
            // Only a price that still moves with σ pins σ down.
            if (vega < 1e-6 || price < 1e-10) continue;
            const iv = impliedVol({ ...i, price });
            expect(iv).not.toBeNull();
            close(iv!, v, 1e-7);
          }
        }
      }
    }
  });

  it('returns null outside the no-arbitrage bounds and outside [lo, hi]', () => {
    const i = { side: 'call' as const, spot: 100, strike: 90, years: 0.5, rate: 0.05 };
    const intrinsic = 100 - 90 * Math.exp(-0.025);
    expect(impliedVol({ ...i, price: intrinsic - 0.01 })).toBeNull();
    expect(impliedVol({ ...i, price: intrinsic })).toBeNull();
    expect(impliedVol({ ...i, price: 100 })).toBeNull();
    expect(impliedVol({ ...i, price: 101 })).toBeNull();
    expect(impliedVol({ ...i, price: Number.NaN })).toBeNull();
    expect(impliedVol({ ...i, years: 0, price: 12 })).toBeNull();
    // σ = 4 is a valid price but above a caller's hi of 3.
    expect(impliedVol({ ...i, price: bsPrice({ ...i, vol: 4 }) }, { hi: 3 })).toBeNull();
    expect(impliedVol({ side: 'put', spot: 100, strike: 90, years: 0.5, price: 0 })).toBeNull();
  });

  it('recovers Hull’s 6-month example (c = 4.759422 → σ = 20 %)', () => {
    close(impliedVol({ side: 'call', spot: 42, strike: 40, years: 0.5, rate: 0.1, price: 4.759422 })!, 0.2, 1e-6);
  });
});
