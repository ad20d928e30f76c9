import { MODELS } from '../forecast/components';
import { FEATURE_NAMES, features } from '../forecast/features';
import { EQUAL_WEIGHTS } from '../forecast/predict';
import { mulberry32, normalSampler } from '../stats/seeded-random';
import { driftReport } from './drift';
import { nextLiveWeights } from './live-weights';
import { addSums, emptySums, performanceRows, summariseSums, type PerformanceSums } from './performance';
import { scoreForecast, type ForecastToScore } from './score';
import { skillCollapse } from './skill';
import { trainSymbolWeights } from './symbol-weights';

const band = (price: number, w80: number, w95: number) => ({ lower80: price * (1 - w80), upper80: price * (1 + w80), lower95: price * (1 - w95), upper95: price * (1 + w95) });

function forecast(over: Partial<ForecastToScore> = {}): ForecastToScore {
  return {
    horizon: '1D', label: 'bullish', confidence: 0.55, probabilities: { bearish: 0.2, neutral: 0.25, bullish: 0.55 },
    currentPrice: 100, expectedReturn: 0.01, threshold: 0.005, points: [band(101, 0.02, 0.04)],
    components: {
      naive: { expectedReturn: 0, probabilities: [0.3, 0.4, 0.3] },
      drift: { expectedReturn: 0.001, probabilities: [0.3, 0.35, 0.35] },
      logistic: { expectedReturn: -0.004, probabilities: [0.5, 0.3, 0.2] },
      ar1: { expectedReturn: 0.02, probabilities: [0.1, 0.2, 0.7] },
    },
    ...over,
  };
}

describe('scoreForecast', () => {
  it('scores direction, the seed labels, the bands and each member', () => {
    const s = scoreForecast(forecast(), 100, 102.5);
    expect(s.realizedReturn).toBeCloseTo(Math.log(1.025), 12);
    expect(s.directionHit).toBe(true);
    expect(s.realizedLabel).toBe('bullish'); // +2.5 % is past the seed's ±2 %
    expect(s.labelHit).toBe(true);
    expect(s.realizedClass).toBe(2);
    expect(s.brier).toBeCloseTo(0.2 ** 2 + 0.25 ** 2 + 0.45 ** 2, 12);
    expect(s.brierClimatology).toBeCloseTo(0.3 ** 2 + 0.4 ** 2 + 0.7 ** 2, 12);
    expect(s.absError).toBeCloseTo(Math.abs(Math.exp(0.01) - 1.025), 12);
    expect(s.absErrorRandomWalk).toBeCloseTo(0.025, 12);
    expect(s.in80).toBe(true); // 102.5 within 101 ± 2 %
    expect(s.in95).toBe(true);
    expect(s.optionB).toBeNull();
    expect(s.models.logistic!.hit).toBe(false);
    expect(s.models.ar1!.hit).toBe(true);
  });

  it('judges a corrected start bar on the move from it, not on the old price', () => {
    // The start bar was later corrected from 100 to 50 (e.g. a 2:1 split applied): a move to 51.25 is +2.5 %.
    const s = scoreForecast(forecast(), 50, 51.25);
    expect(s.realizedReturn).toBeCloseTo(Math.log(1.025), 12);
    expect(s.in80).toBe(true);
  });

  it('grades intraday forecasts with Option B and the ±0.2 % labels', () => {
    const f = forecast({ horizon: '15m', points: [band(100.1, 0.002, 0.004), ...Array(7).fill(band(100, 0.01, 0.02))], expectedReturn: Math.log(1.001) });
    const s = scoreForecast(f, 100, 100.15);
    expect(s.realizedLabel).toBe('neutral');
    expect(s.optionB).toBe('FULL_HIT');
    expect(scoreForecast(f, 100, 99).optionB).toBe('MISS');
  });

  it('refuses prices that are not positive and a path without the scored point', () => {
    expect(() => scoreForecast(forecast(), 0, 100)).toThrow(RangeError);
    expect(() => scoreForecast(forecast({ horizon: '1W' }), 100, 100)).toThrow(/5 needed/);
  });
});

describe('performance sums', () => {
  it('sums per day × horizon × model for all symbols and each, and summarises from sums alone', () => {
    const scores = [101, 99, 102, 103].map((p, i) => ({ day: '2024-01-02', horizon: '1D', symbolId: 1 + (i % 2), score: scoreForecast(forecast(), 100, p) }));
    const rows = performanceRows(scores);
    const all = rows.find((r) => r.model === 'ensemble' && r.symbolId === 0)!;
    expect(all.n).toBe(4);
    expect(all.hits).toBe(3);
    expect(all.ups).toBe(3);
    expect(all.reliability[5]).toEqual([4, 2.2, 3]);
    expect(rows.filter((r) => r.model === 'ensemble').map((r) => r.symbolId).sort()).toEqual([0, 1, 2]);
    expect(rows.filter((r) => r.symbolId === 0).map((r) => r.model).sort()).toEqual(['ar1', 'drift', 'ensemble', 'logistic', 'naive']);
    const summary = summariseSums(all);
    expect(summary.hitRate.p).toBe(0.75);
    expect(summary.baseRate).toBe(0.75);
    expect(summary.verdict).toBe('too few');
    const twice = addSums(addSums(emptySums(), all), all);
    expect(twice.n).toBe(8);
    expect(summariseSums(twice).mae).toBeCloseTo(summary.mae, 12);
  });
});

const sums = (n: number, hits: number): PerformanceSums => ({ ...emptySums(), n, hits });

describe('live weights', () => {
  it('move toward the member that has been right, sum to exactly 1, and record their inputs', () => {
    const window = { naive: sums(60, 30), drift: sums(60, 30), logistic: sums(60, 30), ar1: sums(60, 54) };
    const d = nextLiveWeights(null, window);
    if (!d.changed) throw new Error(d.reason);
    expect(d.weights.ar1).toBeGreaterThan(EQUAL_WEIGHTS.ar1);
    expect(d.weights.naive).toBeLessThan(EQUAL_WEIGHTS.naive);
    expect(MODELS.reduce((s, m) => s + d.weights[m], 0)).toBeCloseTo(1, 12);
    expect(d.inputs.samples).toBe(60);
    expect(d.inputs.hitRates.ar1).toBe(0.9);
    // Repeated evidence keeps moving them the same way.
    const again = nextLiveWeights(d.weights, window);
    expect(again.changed && again.weights.ar1).toBeGreaterThan(d.weights.ar1);
  });

  it('stay put with too few samples or when no member was ever right', () => {
    const few = nextLiveWeights(null, { naive: sums(19, 10), drift: sums(19, 10), logistic: sums(19, 10), ar1: sums(19, 19) });
    expect(few).toMatchObject({ changed: false, reason: '19 evaluations, 20 needed' });
    const none = nextLiveWeights(null, { naive: sums(40, 0), drift: sums(40, 0), logistic: sums(40, 0), ar1: sums(40, 0) });
    expect(none).toMatchObject({ changed: false, reason: 'no member was ever right' });
  });
});

describe('symbol weights from the layer grid', () => {
  it('picks the member constructed to be accurate, out of sample', () => {
    const rand = normalSampler(mulberry32(7));
    const evaluations = Array.from({ length: 80 }, (_, i) => {
      const r = 0.02 * rand();
      return {
        madeAt: new Date(Date.UTC(2024, 0, 2 + i)),
        startPrice: 100,
        realizedPrice: 100 * Math.exp(r),
        expectedReturns: { naive: 0, drift: 0.001, logistic: -r, ar1: r + 0.001 * rand() },
      };
    });
    const d = trainSymbolWeights('1D', evaluations, null);
    if (!d.trained) throw new Error(d.reason);
    expect(d.weights.ar1).toBeGreaterThanOrEqual(0.9);
    expect(MODELS.reduce((s, m) => s + d.weights[m], 0)).toBeCloseTo(1, 12);
    expect(d.diagnostics.embargo_days).toBe(5);
    expect(trainSymbolWeights('1D', evaluations.slice(0, 29), null)).toMatchObject({ trained: false });
  });
});

describe('drift', () => {
  const draw = (seed: number, n: number, shift: number) => {
    const rand = normalSampler(mulberry32(seed));
    return Array.from({ length: n }, () => [rand() + shift, rand()]);
  };
  it('flags a shifted feature and leaves a stable one alone', () => {
    const report = driftReport(['a', 'b'], draw(1, 400, 0), draw(2, 63, 1.5));
    expect(report.tests[0]).toMatchObject({ name: 'a', drifted: true });
    expect(report.tests[0]!.psi).toBeGreaterThan(0.25);
    expect(report.tests[1]!.drifted).toBe(false);
    expect(report.drifted).toBe(true);
    expect(['medium', 'high']).toContain(report.severity);
    expect(driftReport(['a', 'b'], draw(1, 400, 0), draw(3, 63, 0)).drifted).toBe(false);
  });

  it("does not mistake a random walk's slow features for drift, and sees its volatility quadruple", () => {
    const walk = (seed: number, shiftFrom: number) => {
      const rand = normalSampler(mulberry32(seed));
      let c = 100;
      return Array.from({ length: 816 }, (_, i) => {
        const open = c;
        c *= Math.exp((i >= shiftFrom ? 0.04 : 0.01) * rand());
        return { open, high: Math.max(open, c) * 1.002, low: Math.min(open, c) / 1.002, close: c, volume: 1000 + 37 * (i % 11) };
      });
    };
    const report = (seed: number, shiftFrom: number) => {
      const rows = features(walk(seed, shiftFrom)).slice(60);
      return driftReport(FEATURE_NAMES, rows.slice(0, -63), rows.slice(-63));
    };
    const falseAlarms = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((seed) => report(seed, Infinity).drifted).length;
    expect(falseAlarms).toBeLessThanOrEqual(1);
    // The seed's count of every bar as independent would flag the slow features here; none are.
    expect(report(1, Infinity).tests.find((t) => t.name === 'close_to_sma_50')!.drifted).toBe(false);
    expect(report(1, 816 - 63).tests.find((t) => t.name === 'return_1')).toMatchObject({ drifted: true, severity: 'high' });
  });
});

describe('skill collapse', () => {
  it('fires when the hit rate interval lies below the base rate or the bands miss their level', () => {
    const good = { ...emptySums(), n: 100, hits: 55, ups: 55, in80: 80, in95: 95 };
    expect(skillCollapse(good).collapsed).toBe(false);
    expect(skillCollapse({ ...good, hits: 30 })).toMatchObject({ hitRateBelowBase: true, reasons: [expect.stringMatching(/below the base rate/)] });
    // 46 of 100 against a base rate of 55 %: the interval [36.6, 55.7] still reaches it; 45 of 100 does not.
    expect(skillCollapse({ ...good, hits: 46 }).hitRateBelowBase).toBe(false);
    expect(skillCollapse({ ...good, hits: 45 }).hitRateBelowBase).toBe(true);
    expect(skillCollapse({ ...good, in80: 60 })).toMatchObject({ coverageOff: { 80: true, 95: false }, reasons: ['80 % bands cover 60.0 %'] });
    expect(skillCollapse({ ...good, n: 99, hits: 2, ups: 55 }).collapsed).toBe(false);
  });
});
