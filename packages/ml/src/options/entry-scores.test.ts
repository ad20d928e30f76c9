// Hand-computed cases: each comment shows the arithmetic from seed-ml.md §4.2.
import {
  compositeScore,
  entryDifficulty,
  greeksScore,
  ivRank,
  liquidityConfidence,
  momentumScore,
  relativeValue,
  smoothMomentum,
  stabilityScore,
  trendAlignment,
  valueScore,
  volumeProxyMomentum,
} from './entry-scores';
import { entrySignals } from './signals';

const near = (got: number, want: number): void => expect(got).toBeCloseTo(want, 10);

describe('value', () => {
  it('iv rank against the range, 50 without one', () => {
    near(ivRank(0.3, { lo: 0.2, hi: 0.6 }), 25); // (0.30 − 0.20) / 0.40 · 100
    expect(ivRank(0.1, { lo: 0.2, hi: 0.6 })).toBe(0);
    expect(ivRank(0.9, { lo: 0.2, hi: 0.6 })).toBe(100);
    expect(ivRank(0.3, { lo: 0.4, hi: 0.4 })).toBe(50);
    expect(ivRank(undefined, { lo: 0.2, hi: 0.6 })).toBe(50);
    expect(ivRank(0.3, null)).toBe(50);
  });

  it('V = 0.6·(100 − rank) + 0.4·(100 − min(2·spread%, 50)), × 0.8 stale, × 0.85 off-curve', () => {
    // rank 25, spread 5 %: 0.6·75 + 0.4·90 = 45 + 36 = 81
    near(valueScore(25, 5, { ivStale: false, curveOk: true }), 81);
    near(valueScore(25, 5, { ivStale: true, curveOk: true }), 64.8); // 81 · 0.8
    near(valueScore(25, 5, { ivStale: false, curveOk: false }), 68.85); // 81 · 0.85
    near(valueScore(25, 5, { ivStale: true, curveOk: false }), 55.08); // 81 · 0.8 · 0.85
    // The spread penalty caps at 50: spread 100 % → 0.6·75 + 0.4·50 = 65
    near(valueScore(25, 100, { ivStale: false, curveOk: true }), 65);
  });
});

describe('momentum', () => {
  it('liquidity is the geometric mean of three ramps floored at 0.1', () => {
    // vol 50 → 0.1 + 0.9·0.5 = 0.55; OI 200 → 0.1 + 0.9·0.4 = 0.46; $2 → 0.46
    near(liquidityConfidence(50, 200, 2), Math.cbrt(0.55 * 0.46 * 0.46));
    near(liquidityConfidence(0, 0, 0), 0.1);
    near(liquidityConfidence(1e6, 1e6, 1e3), 1);
  });

  it('M = 50 + (0.5PM + 0.3VO + 0.2OG − 50)·L', () => {
    // r 10 → PM 70; vol/OI 0.1 → VO 50; g 20 → OG 70; 35 + 15 + 14 = 64; L 0.5 → 50 + 14·0.5 = 57
    const m = momentumScore(10, 0.1, 20, 0.5);
    near(m.pm, 70);
    near(m.vo, 50);
    near(m.og, 70);
    near(m.momentum, 57);
    // Everything clips: r −40 → PM 0, vol/OI 1 → VO 100, g −80 → OG 0; 0 + 30 + 0 − 50 = −20 → 30 at L 1
    near(momentumScore(-40, 1, -80, 1).momentum, 30);
  });

  it('the volume proxy spans −10 to +10', () => {
    near(volumeProxyMomentum(99, 99), 9.8); // 99/100·20 − 10
    expect(volumeProxyMomentum(0, 500)).toBe(-10);
  });
});

describe('greeks', () => {
  const call = { side: 'call' as const, trend: 'bullish' as const, delta: 0.45, gamma: 0.03, vega: 0.15, theta: -0.02, price: 2 };

  it('G = clip(0.5D + 0.35Γ + 0.1Vg − θpen)', () => {
    // D = 100 − 100·|0.45 − 0.55| = 90; Γ = 0.03/0.04·100 = 75; Vg = 50; θpen = 0.02/2·1000 = 10
    // G = 45 + 26.25 + 5 − 10 = 66.25
    const g = greeksScore(call);
    expect(g).toEqual({ deltaScore: 90, gammaScore: 75, vegaScore: 50, thetaPenalty: 10, greeks: expect.closeTo(66.25, 10) });
  });

  it('aligns delta with the trend: 1, 0.9 neutral, 0.7 against', () => {
    expect([trendAlignment('bullish', 'call'), trendAlignment('neutral', 'put'), trendAlignment('bearish', 'call')]).toEqual([1, 0.9, 0.7]);
    // put Δ −0.45 against a bullish trend: D = 90·0.7 = 63 → G = 31.5 + 26.25 + 5 − 10 = 52.75
    near(greeksScore({ ...call, side: 'put', delta: -0.45 }).greeks, 52.75);
    near(greeksScore({ ...call, trend: 'neutral' }).deltaScore, 81);
  });

  it('caps the theta penalty at 40, charges 40 without a price, and scores missing greeks neutrally', () => {
    expect(greeksScore({ ...call, theta: -1 }).thetaPenalty).toBe(40);
    expect(greeksScore({ ...call, price: 0 }).thetaPenalty).toBe(40);
    const bare = greeksScore({ side: 'call', trend: 'bullish', price: 2 });
    // 0.5·50 + 0.35·50 + 0.1·50 − 20 = 27.5
    expect(bare).toEqual({ deltaScore: 50, gammaScore: 50, vegaScore: 50, thetaPenalty: 20, greeks: 27.5 });
    // A delta of the wrong sign clips D at 0 rather than going negative.
    expect(greeksScore({ ...call, side: 'put', delta: 0.6 }).deltaScore).toBe(0);
  });
});

describe('composite', () => {
  it('blends ED above 65, then RV, then clips', () => {
    // 0.30·57 + 0.35·81 + 0.35·66.25 = 17.1 + 28.35 + 23.1875 = 68.6375 > 65
    // ED at spread 5 %, vol/OI 0.1: (1 − 1 + 0.05)·100 = 5 → 0.9·68.6375 + 0.5 = 62.27375
    // RV 50 → 0.9·62.27375 + 5 = 61.046375
    near(compositeScore(57, 81, 66.25, entryDifficulty(5, 0.1), 50), 61.046375);
    // 15 + 21 + 17.5 = 53.5 ≤ 65, no ED; RV 80 → 48.15 + 8 = 56.15
    near(compositeScore(50, 60, 50, 0, 80), 56.15);
    expect(compositeScore(100, 200, 100, 100, 100)).toBe(100);
  });

  it('ED and RV', () => {
    // spread 1 % → 1 − 0.5; vol/OI 0.4 → + 0.2: 70
    near(entryDifficulty(1, 0.4), 70);
    near(entryDifficulty(0.5, 3), 100); // 1 − 0.25 + 0.5 = 1.25 → clipped
    // iv 0.27 vs 0.30 → 0.7·0.1 = 0.07; spread 4 vs 5 → 0.3·0.2 = 0.06: 13
    near(relativeValue(0.27, 0.3, 4, 5), 13);
    expect(relativeValue(0.6, 0.3, 10, 5)).toBe(0);
  });

  it('smooths momentum half-way, within 30 of the previous run, and scores stability', () => {
    expect(smoothMomentum(40, 50)).toBe(45);
    expect(smoothMomentum(90, 20)).toBe(50); // 55 capped at 20 + 30
    expect(smoothMomentum(0, 80)).toBe(50); // 40 capped at 80 − 30
    expect(stabilityScore(60, 52)).toBe(84); // 100 − 2·8
    expect(stabilityScore(10, 90)).toBe(0);
  });
});

describe('signals', () => {
  const base = { ivRank: 20, momentum: 60, spreadPct: 1.5, volume: 50, volOi: 0.05, delta: 0.3, gamma: 0.01, composite: 60 };

  it('DISCOUNT, RUNNER, GREEKS by their thresholds, BUY above 65 with any of them', () => {
    expect(entrySignals(base)).toEqual(['DISCOUNT']);
    expect(entrySignals({ ...base, composite: 66 })).toEqual(['DISCOUNT', 'BUY']);
    expect(entrySignals({ ...base, ivRank: 30, composite: 66 })).toEqual([]);
    expect(entrySignals({ ...base, ivRank: 50, momentum: 80, volume: 150, volOi: 0.2, spreadPct: 2.5 })).toEqual(['RUNNER']);
    expect(entrySignals({ ...base, ivRank: 50, delta: -0.7, gamma: 0.03 })).toEqual(['GREEKS']);
    expect(entrySignals({ ...base, ivRank: 50, delta: undefined, gamma: 0.03 })).toEqual([]);
  });
});
