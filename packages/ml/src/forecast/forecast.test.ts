import { FEATURE_NAMES, features } from './features';
import { forecastLatest } from './forecast-latest';
import { FORECAST_HORIZONS } from './horizons';
import { checkWeights } from './predict';
import { summarise } from './summary';
import { ar1Bars } from './synthetic.test-support';
import { walkForward } from './walk-forward';

describe('features', () => {
  const bars = ar1Bars(400, 0.1, 3);
  const all = features(bars);

  test('one row per bar, one value per feature name, defined once the history allows', () => {
    expect(all).toHaveLength(400);
    expect(all.every((r) => r.length === FEATURE_NAMES.length)).toBe(true);
    expect(all[10]!.some(Number.isNaN)).toBe(true);
    expect(all.slice(60).every((r) => r.every(Number.isFinite))).toBe(true);
  });

  test('row t is the same whether or not the bars after t exist: no look-ahead', () => {
    for (const t of [60, 137, 250, 399]) {
      expect(features(bars.slice(0, t + 1))[t]).toEqual(all[t]);
    }
  });

  test('prices do not enter as levels: the same series scaled tenfold has the same features', () => {
    const scaled = bars.map((b) => ({ ...b, open: b.open * 10, high: b.high * 10, low: b.low * 10, close: b.close * 10 }));
    const rows = features(scaled);
    for (const t of [100, 399]) rows[t]!.forEach((v, j) => expect(v).toBeCloseTo(all[t]![j]!, 9));
  });
});

describe('the latest forecast', () => {
  const bars = ar1Bars(1200, 0.2, 5);

  test('a label, calibratable probabilities, one point per path step, 80 % inside 95 % bands', () => {
    for (const horizon of ['1D', '1W', '1M', '15m', '1h'] as const) {
      const out = forecastLatest({ horizon, bars });
      if (!out.ok) throw new Error(out.reason);
      const f = out.forecast;
      const spec = FORECAST_HORIZONS[horizon];
      expect(f.points).toHaveLength(spec.pathSteps);
      const p = f.probabilities;
      expect(p.bearish + p.neutral + p.bullish).toBeCloseTo(1, 12);
      expect(f.confidence).toBe(Math.max(p.bearish, p.neutral, p.bullish));
      expect(f.confidence).toBe(p[f.label]);
      for (const pt of f.points) {
        expect(pt.lower95).toBeLessThanOrEqual(pt.lower80);
        expect(pt.lower80).toBeLessThanOrEqual(pt.value);
        expect(pt.value).toBeLessThanOrEqual(pt.upper80);
        expect(pt.upper80).toBeLessThanOrEqual(pt.upper95);
      }
      // Bands widen with the step.
      expect(f.points.at(-1)!.upper80 / f.points.at(-1)!.value).toBeGreaterThanOrEqual(f.points[0]!.upper80 / f.points[0]!.value);
      expect(f.target).toBeCloseTo(f.points[spec.steps - 1]!.value, 9);
      expect(f.currentPrice).toBe(bars.at(-1)!.close);
    }
  });

  test('too few bars, and weights that do not sum to 1, are clear refusals', () => {
    expect(forecastLatest({ horizon: '1D', bars: bars.slice(0, 50) })).toEqual({ ok: false, reason: expect.stringMatching(/too few bars: 50 d1 bars/) });
    expect(() => forecastLatest({ horizon: '1D', bars, weights: { naive: 0.5, drift: 0.5, logistic: 0.5, ar1: 0 } })).toThrow(/sum to 1.5/);
    expect(() => checkWeights({ naive: -0.1, drift: 0.6, logistic: 0.5, ar1: 0 })).toThrow(/naive is -0.1/);
    expect(() => checkWeights({ naive: 1, drift: 0, logistic: 0, ar1: 0, lstm: 0 })).toThrow(/unknown models in weights: lstm/);
  });
});

describe('walk-forward evaluation', () => {
  test('a forecast made at t does not move when the bars after t change', () => {
    const a = ar1Bars(900, 0.2, 11);
    const cut = 700;
    const b = [...a.slice(0, cut + 1), ...ar1Bars(900, -0.5, 99).slice(cut + 1).map((x) => ({ ...x, open: x.open * 3, high: x.high * 3, low: x.low * 3, close: x.close * 3 }))];
    const ra = walkForward({ horizon: '1W', bars: a }).records;
    const rb = walkForward({ horizon: '1W', bars: b }).records;
    const made = (r: (typeof ra)[number]) => ({ index: r.index, expected: r.expectedReturn, p: r.probabilities, band: r.band80 });
    expect(rb.filter((r) => r.index <= cut).map(made)).toEqual(ra.filter((r) => r.index <= cut).map(made));
    // …while the forecasts after the change do move: the comparison above can fail.
    expect(rb.filter((r) => r.index > cut + 30).map(made)).not.toEqual(ra.filter((r) => r.index > cut + 30).map(made));
  });

  test('AR(1) with φ = 0.3: the one-day forecast has skill', () => {
    const bars = ar1Bars(2600, 0.3, 21);
    const s = summarise(walkForward({ horizon: '1D', bars }).records, true)!;
    expect(s.n).toBeGreaterThan(2000);
    expect(s.verdict).toBe('skill');
    expect(s.hitRate.lower).toBeGreaterThan(s.baseRate);
    expect(s.mase).toBeLessThan(1);
    expect(s.leakageAlarm).toBe(false);
  });

  test('a random walk: no skill', () => {
    const bars = ar1Bars(2600, 0, 22);
    const s = summarise(walkForward({ horizon: '1D', bars }).records, true)!;
    expect(s.verdict).toBe('no skill');
    expect(s.hitRate.p).toBeLessThan(0.56);
  });

  test('80 % bands cover 80 ± 3 % and 95 % bands 95 ± 2 % of iid noise', () => {
    const bars = ar1Bars(3000, 0, 23);
    const s = summarise(walkForward({ horizon: '1D', bars }).records, true)!;
    expect(Math.abs(s.coverage80 - 0.8)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(s.coverage95 - 0.95)).toBeLessThanOrEqual(0.02);
  });

  test('the future return fed in as a feature raises the leakage alarm', () => {
    const bars = ar1Bars(1500, 0, 24);
    const rows = features(bars).map((row, t) => [...row, t + 1 < bars.length ? Math.log(bars[t + 1]!.close / bars[t]!.close) : NaN]);
    const leaky = summarise(walkForward({ horizon: '1D', bars, rows }).records, true)!;
    expect(leaky.hitRate.p).toBeGreaterThan(0.6);
    expect(leaky.leakageAlarm).toBe(true);
  });
});
