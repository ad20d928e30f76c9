import { addToWatchlist, ensureSymbols } from '@marketfleet/db';
import { marketClock } from '@marketfleet/market';
import { wilson } from '@marketfleet/ml';
import { createTestDatabase, insertRows, performanceRow, type TestDatabase } from '@marketfleet/testing';
import { z } from 'zod';
import { startTestApp, TEST_KEYS, type TestApp } from '../testing/test-app';
import { MlDashboardResponse } from './ml-dashboard-schema';

// Wednesday 2024-07-10, 11:07 New York: a session day, the market open.
const NOW = new Date('2024-07-10T15:07:00Z');
/** The 41 sessions up to today, oldest first: the last 40 are a 40-session window, the first lies just outside it. */
const SESSIONS = marketClock.sessionsBetween('2024-04-01', '2024-07-10').map((s) => s.date).slice(-41);
const WINDOW = SESSIONS.slice(1);
const BEFORE = SESSIONS[0]!;

let t: TestDatabase;
let h: TestApp;
let ids: Map<string, number>;
const get = (url: string) => h.app.inject({ url, headers: { authorization: `Bearer ${TEST_KEYS.app}` } });

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startTestApp({ db: t, kind: 'postgres', now: NOW });
  const db = t.database.db;
  await addToWatchlist(db, ['AAA', 'BBB']);
  ids = await ensureSymbols(db, ['AAA', 'BBB', 'CCC']);
  const aaa = ids.get('AAA')!;
  const bbb = ids.get('BBB')!;
  // 1D, over the window: AAA hits 2 of 2 on even days and 1 of 2 on odd ones (60 of 80), BBB 1 of 2
  // (40 of 80); one rise a day each, so the base rate is 0.5. Symbol 0 holds their sums, as the job writes it.
  const rows = WINDOW.flatMap((day, i) => {
    const aHits = i % 2 === 0 ? 2 : 1;
    const rel = (hits: number, n: number): Array<[number, number, number]> =>
      Array.from({ length: 10 }, (_, b) => (b === 6 ? [n, 0.65 * n, hits] : b === 3 ? [0, 0, 0] : [0, 0, 0]));
    return [
      performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: aaa, n: 2, hits: aHits, ups: 1, reliability: rel(aHits, 2) }),
      performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: bbb, n: 2, hits: 1, ups: 1, reliability: rel(1, 2) }),
      performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: 0, n: 4, hits: aHits + 1, ups: 2, absError: 0.03, absErrorRandomWalk: 0.04, in80: 3, in95: 4, reliability: rel(aHits + 1, 4) }),
      performanceRow({ day, horizon: '1D', model: 'naive', symbolId: 0, n: 4, hits: 2, ups: 2 }),
    ];
  });
  // A week horizon with only ten evaluations: too few for a verdict.
  rows.push(performanceRow({ day: WINDOW[5]!, horizon: '1W', model: 'ensemble', symbolId: 0, n: 10, hits: 9, ups: 5 }));
  // Just before the 40-session window: a heap of misses that only a 41-session window sees.
  rows.push(performanceRow({ day: BEFORE, horizon: '1D', model: 'ensemble', symbolId: 0, n: 1000, hits: 0, ups: 500 }));
  await insertRows(t.database, 'model_performance', rows);

  const at = (day: string) => new Date(`${day}T21:00:00Z`).toISOString();
  const eq = { naive: 0.25, drift: 0.25, logistic: 0.25, ar1: 0.25 };
  await insertRows(t.database, 'model_weights', [
    { horizon: '1D', symbol_id: null, weights: eq, method: 'live-evidence', inputs: {}, effective_from: at('2024-01-02') },
    { horizon: '1D', symbol_id: null, weights: { naive: 0.1, drift: 0.2, logistic: 0.4, ar1: 0.3 }, method: 'live-evidence', inputs: { n: 120 }, effective_from: at(WINDOW[20]!) },
    { horizon: '1D', symbol_id: aaa, weights: { naive: 0, drift: 0.5, logistic: 0.5, ar1: 0 }, method: 'layer-grid', inputs: {}, effective_from: at(WINDOW[30]!) },
    // Not yet in force at NOW.
    { horizon: '1D', symbol_id: null, weights: { naive: 1, drift: 0, logistic: 0, ar1: 0 }, method: 'live-evidence', inputs: {}, effective_from: '2024-07-11T12:00:00Z' },
  ]);
  const test = (name: string, drifted: boolean) => ({ name, d: drifted ? 0.4 : 0.05, p: drifted ? 0.0001 : 0.6, psi: drifted ? 0.3 : 0.01, severity: drifted ? 'high' : 'none', drifted });
  await insertRows(t.database, 'feature_drift', [
    { symbol_id: aaa, timeframe: 'd1', checked_at: NOW.toISOString(), severity: 'high', drifted: true, tests: [test('returns', true), test('rsi', false)], reference_bars: 500, recent_bars: 60 },
    { symbol_id: bbb, timeframe: 'd1', checked_at: NOW.toISOString(), severity: 'none', drifted: false, tests: [test('returns', false)], reference_bars: 500, recent_bars: 60 },
    { symbol_id: bbb, timeframe: 'm15', checked_at: NOW.toISOString(), severity: 'low', drifted: false, tests: [test('returns', false)], reference_bars: 900, recent_bars: 100 },
  ]);
  // AAA's 1D forecast was made from yesterday's bar (current); BBB's last attempt was skipped and it has none.
  const lastD1 = marketClock.lastClosedBar('d1', NOW)!.toISOString();
  await insertRows(t.database, 'forecast_runs', [
    { symbol_id: aaa, horizon: '1D', timeframe: 'd1', attempted_at: '2024-07-09T21:00:00Z', status: 'ok', reason: null, forecast_id: null, last_bar_ts: lastD1 },
    { symbol_id: bbb, horizon: '1D', timeframe: 'd1', attempted_at: '2024-07-09T21:00:00Z', status: 'skipped', reason: 'too few bars', forecast_id: null, last_bar_ts: null },
  ]);
  await insertRows(t.database, 'quality_findings', [
    { symbol_id: aaa, timeframe: 'd1', session_date: '2024-07-01', kind: 'gap', scope: `${aaa}|d1|2024-07-01`, detail: {} },
    { symbol_id: aaa, timeframe: 'd1', session_date: '2024-07-02', kind: 'gap', scope: `${aaa}|d1|2024-07-02`, detail: {}, resolved_at: NOW.toISOString() },
  ]);
});

afterAll(async () => {
  await h?.close();
  await t?.drop();
});

describe('GET /v1/ml-dashboard', () => {
  test('answers an app key at both paths, valid against its schema', async () => {
    for (const url of ['/v1/ml-dashboard?days=40', '/functions/v1/ml-dashboard?days=40']) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, 200]);
      expect(() => MlDashboardResponse.parse(res.json())).not.toThrow();
    }
    // Its JSON Schema (what /docs publishes) is derived from the same definition.
    expect(z.toJSONSchema(MlDashboardResponse)).toMatchObject({ type: 'object', required: expect.arrayContaining(['overall', 'horizons', 'reliability']) });
  });

  test('sums the window exactly: hit rate, Wilson interval, base rate and verdict per horizon', async () => {
    const body = (await get('/v1/ml-dashboard?days=40')).json();
    expect(body.window).toMatchObject({ sessions: 40, from: WINDOW[0], to: '2024-07-10', symbol: null, horizon: null, minEvaluations: 30 });
    const d1 = body.horizons.find((x: { horizon: string }) => x.horizon === '1D');
    const ci = wilson(100, 160);
    expect(d1).toMatchObject({ timeframe: 'd1', n: 160, hitRate: 0.625, baseRate: 0.5, verdict: 'skill', coverage80: 0.75, coverage95: 1 });
    expect(d1.interval.lower).toBeCloseTo(ci.lower, 5);
    expect(d1.interval.lower).toBeGreaterThan(0.5);
    expect(d1.mase).toBeCloseTo(0.75, 6);
    expect(d1.mae).toBeCloseTo((40 * 0.03) / 160, 6);
    // The component compared on the same forecasts: a coin.
    const naive = d1.models.find((m: { model: string }) => m.model === 'naive');
    expect(naive).toMatchObject({ n: 160, hitRate: 0.5, verdict: 'no skill' });
    expect(body.horizons.find((x: { horizon: string }) => x.horizon === '1W')).toMatchObject({ n: 10, hitRate: 0.9, verdict: 'too few' });
    expect(body.horizons.find((x: { horizon: string }) => x.horizon === '15m')).toMatchObject({ n: 0, hitRate: null, verdict: 'too few' });
    expect(body.overall).toMatchObject({ n: 170 });
    expect(body.overall.hitRate).toBeCloseTo(109 / 170, 6);
  });

  test('one more session takes in the day before: the window is counted in sessions', async () => {
    const d1 = (await get('/v1/ml-dashboard?days=41&horizon=1D')).json().horizons;
    expect(d1).toHaveLength(1);
    expect(d1[0]).toMatchObject({ horizon: '1D', n: 1160, verdict: 'no skill' });
  });

  test("a symbol's own figures, its ranking among the others, and the weights in force for it", async () => {
    const body = (await get('/v1/ml-dashboard?days=40&symbol=aaa&horizon=1D')).json();
    expect(body.window).toMatchObject({ symbol: 'AAA', horizon: '1D' });
    expect(body.overall).toMatchObject({ n: 80, hitRate: 0.75, verdict: 'skill' });
    expect(body.symbols).toMatchObject({ ranked: 2, tooFew: 0 });
    expect(body.symbols.top.map((s: { symbol: string }) => s.symbol)).toEqual(['AAA', 'BBB']);
    expect(body.weights.current).toEqual([
      expect.objectContaining({ horizon: '1D', scope: 'symbol', method: 'layer-grid', weights: { naive: 0, drift: 0.5, logistic: 0.5, ar1: 0 } }),
      expect.objectContaining({ horizon: '1D', scope: 'horizon', weights: { naive: 0.1, drift: 0.2, logistic: 0.4, ar1: 0.3 } }),
    ]);
    // In force when the window opened, then the two changes inside it; the future row is not shown.
    expect(body.weights.history.map((w: { scope: string; weights: { logistic: number } }) => [w.scope, w.weights.logistic])).toEqual([
      ['horizon', 0.25], ['horizon', 0.4], ['symbol', 0.5],
    ]);
    expect(body.drift.series).toEqual([expect.objectContaining({ symbol: 'AAA', timeframe: 'd1', severity: 'high', drifted: [expect.objectContaining({ name: 'returns' })] })]);
    expect(body.freshness).toEqual([expect.objectContaining({ horizon: '1D', expected: 1, current: 1, stale: 0 })]);
    expect(body.quality).toEqual([expect.objectContaining({ timeframe: 'd1', series: 1, withBars: 0, openFindings: { gap: 1 } })]);
  });

  test('the reliability table sums the bins: what was said against what came true', async () => {
    const body = (await get('/v1/ml-dashboard?days=40')).json();
    const all = body.reliability.find((r: { horizon: string }) => r.horizon === '1D');
    expect(all.count).toBe(160);
    expect(all.bins[6]).toEqual({ lower: 0.6, upper: 0.7, count: 160, meanPredicted: 0.65, observedFrequency: 0.625 });
    expect(all.bins[0]).toMatchObject({ count: 0, meanPredicted: null, observedFrequency: null });
    expect(all.expectedCalibrationError).toBeCloseTo(0.025, 6);
  });

  test('the trend is per session for the ensemble, with each day’s base rate', async () => {
    const body = (await get('/v1/ml-dashboard?days=40&horizon=1D')).json();
    expect(body.trend.bucket).toBe('day');
    expect(body.trend.points).toHaveLength(40);
    expect(body.trend.points[0]).toMatchObject({ horizon: '1D', period: WINDOW[0], n: 4, hitRate: 0.75, baseRate: 0.5 });
    expect(body.trend.baseRates).toEqual([{ horizon: '1D', baseRate: 0.5 }]);
    const weekly = (await get('/v1/ml-dashboard?days=200&horizon=1D')).json().trend;
    expect(weekly.bucket).toBe('week');
    expect(weekly.points.length).toBeLessThan(12);
  });

  test('drift, forecast freshness and data quality over the watchlist', async () => {
    const body = (await get('/v1/ml-dashboard?days=40')).json();
    expect(body.drift.byTimeframe).toEqual([
      { timeframe: 'd1', checked: 2, drifted: 1, severity: { none: 1, low: 0, medium: 0, high: 1 } },
      { timeframe: 'm15', checked: 1, drifted: 0, severity: { none: 0, low: 1, medium: 0, high: 0 } },
      { timeframe: 'h1', checked: 0, drifted: 0, severity: { none: 0, low: 0, medium: 0, high: 0 } },
    ]);
    const d1 = body.freshness.find((f: { horizon: string }) => f.horizon === '1D');
    expect(d1).toEqual({ horizon: '1D', timeframe: 'd1', expected: 2, current: 1, stale: 1, missing: 1, skipped: 1, skipReasons: { 'too few bars': 1 } });
    expect(body.freshness.find((f: { horizon: string }) => f.horizon === '15m')).toMatchObject({ expected: 2, stale: 2, missing: 2 });
    expect(body.quality.find((q: { timeframe: string }) => q.timeframe === 'd1')).toMatchObject({ series: 2, openFindings: { gap: 1 } });
  });

  test('bad input: a 400 naming the field, a 404 naming the symbol', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['/v1/ml-dashboard?horizon=2D', 400, /^horizon: must be one of 1D, 1W, 1M, 15m, 1h/],
      ['/v1/ml-dashboard?days=0', 400, /^days: must be an integer from 1 to 504/],
      ['/v1/ml-dashboard?days=abc', 400, /^days: /],
      ['/v1/ml-dashboard?symbol=$$', 400, /^symbol: must be a ticker/],
      ['/v1/ml-dashboard?symbol=ZZZZ', 404, /^Symbol not found: ZZZZ$/],
      ['/functions/v1/ml-dashboard?symbol=ZZZZ', 404, /ZZZZ/],
    ];
    for (const [url, status, message] of cases) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, status]);
      expect(res.json().message).toMatch(message);
    }
    expect((await h.app.inject({ url: '/v1/ml-dashboard', headers: { authorization: '' } })).statusCode).toBe(401);
  });

  test('a symbol off the watchlist but known still answers, with nothing to show', async () => {
    const body = (await get('/v1/ml-dashboard?symbol=CCC')).json();
    expect(body.overall).toMatchObject({ n: 0, verdict: 'too few' });
    expect(body.freshness.every((f: { expected: number; missing: number }) => f.expected === 1 && f.missing === 1)).toBe(true);
  });
});
