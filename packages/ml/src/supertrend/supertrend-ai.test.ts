import golden from '../../fixtures/supertrend.json';
import { expectGolden, ranging, sp500, synthetic } from '../../test/golden';
import { type Ohlc } from '../series';
import { chooseFactor, SUPERTREND_FACTORS } from './factor';
import { superTrendAi } from './supertrend-ai';

const rising = (n: number): Ohlc[] =>
  Array.from({ length: n }, (_, i) => ({ open: i, high: i + 1, low: i + 0.5, close: i + 1, volume: 0 }));

describe('chooseFactor', () => {
  it('averages the factors of the best cluster', () => {
    // The top three performances (indices 6–8, factors 4, 4.5, 5) form the best cluster.
    const r = chooseFactor([1, 2, 3, 10, 11, 12, 20, 21, 22]);
    expect(r.factor).toBe(4.5);
    expect(r.bestCluster).toBe(2);
  });

  it('takes every factor when all performances are equal and positive', () => {
    expect(chooseFactor(Array.from({ length: 9 }, () => 0.5)).factor).toBe(3);
  });

  it('falls back to the smallest factor when the best cluster is an empty one', () => {
    // All −2: one cluster of mean −2, two empty clusters counted as mean 0; the tie goes to
    // the later empty cluster, which has no factors.
    const r = chooseFactor(Array.from({ length: 9 }, () => -2));
    expect(r.clusterMeans).toEqual([-2, 0, 0]);
    expect(r).toMatchObject({ factor: 1, bestCluster: 2 });
  });

  it('matches the reference', () => {
    const cases = golden.kmeans.flatMap((c) => ('factor' in c ? [c] : []));
    expect(cases).toHaveLength(7);
    expectGolden(
      cases.map((c) => chooseFactor(c.values)),
      cases.map((c) => ({ factor: c.factor, bestCluster: c.bestCluster })),
    );
  });
});

describe('superTrendAi', () => {
  it('tries 1.0 to 5.0 in steps of 0.5', () => {
    expect(SUPERTREND_FACTORS).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
  });

  it('stays bullish on a steady rise, with every factor scoring the same', () => {
    // Each close is 1 above the last and the trend never leaves bullish, so every factor has
    // P = a + a(1 − a) = 2a − a² with a = 2/11; all tie, all join one cluster, factor 3.
    // EMA10 of |ΔC| = 1 throughout, so perf_idx = P/(1 + 1e-10).
    const r = superTrendAi(rising(3));
    const a = 2 / 11;
    const p = a + a * (1 - a);
    expect(r.performances).toEqual(SUPERTREND_FACTORS.map(() => p));
    expect(r).toMatchObject({ factor: 3, performance: p, perfIdx: p / (1 + 1e-10), signalStrength: 3 });
    expect(r).toMatchObject({ currentTrend: 'bullish', signal: 0, trendDurationBars: 2, trend: [1, 1, 1] });
  });

  it('reports the flip bar and counts the bars after it', () => {
    const down = Array.from({ length: 10 }, (_, i): Ohlc => ({ open: 30 - 3 * i, high: 31 - 3 * i, low: 27 - 3 * i, close: 28 - 3 * i, volume: 0 }));
    const r = superTrendAi([...rising(20).map((b) => ({ ...b, high: b.high + 0.5 })), ...down]);
    const flip = r.signals.indexOf(-1);
    expect(flip).toBeGreaterThan(19);
    expect(r.currentTrend).toBe('bearish');
    expect(r.trendDurationBars).toBe(29 - flip);
    expect(r.stopLevel).toBe(r.supertrend[29]);
  });

  it('needs two bars', () => {
    expect(() => superTrendAi(rising(1))).toThrow(RangeError);
  });

  const windows: Record<keyof typeof golden.superTrendAi, Ohlc[]> = {
    sp500,
    sp500First252: sp500.slice(0, 252),
    sp500From74To326: sp500.slice(74, 326),
    sp500First60: sp500.slice(0, 60),
    synthetic,
    syntheticFirst30: synthetic.slice(0, 30),
    ranging,
  };
  it.each(Object.keys(windows) as (keyof typeof windows)[])('matches the reference on %s', (name) => {
    expectGolden(superTrendAi(windows[name]), golden.superTrendAi[name]);
  });
});
