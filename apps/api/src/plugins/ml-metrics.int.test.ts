import { addToWatchlist, ensureSymbols } from '@marketfleet/db';
import { marketClock } from '@marketfleet/market';
import { createTestDatabase, insertRows, performanceRow, type TestDatabase } from '@marketfleet/testing';
import { startTestApp, type TestApp } from '../testing/test-app';

// Wednesday 2024-07-10, 11:07 New York.
const NOW = new Date('2024-07-10T15:07:00Z');
const SESSIONS = marketClock.sessionsBetween('2024-04-01', '2024-07-10').map((s) => s.date);

let t: TestDatabase;
let h: TestApp;

beforeAll(async () => {
  t = await createTestDatabase();
  await addToWatchlist(t.database.db, ['AAA', 'BBB']);
  const ids = await ensureSymbols(t.database.db, ['AAA', 'BBB']);
  // The last 30 sessions: 1D hits 2 of 5 a day with 3 of 5 in the 80 % band; a 1W day long before counts for nothing.
  await insertRows(t.database, 'model_performance', [
    ...SESSIONS.slice(-30).flatMap((day) => [
      performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: 0, n: 5, hits: 2, ups: 3, in80: 3, in95: 5 }),
      performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: ids.get('AAA')!, n: 5, hits: 5, ups: 3 }),
      performanceRow({ day, horizon: '1D', model: 'naive', symbolId: 0, n: 5, hits: 5, ups: 3 }),
    ]),
    performanceRow({ day: SESSIONS.at(-31)!, horizon: '1D', model: 'ensemble', symbolId: 0, n: 1000, hits: 1000, ups: 3 }),
    performanceRow({ day: SESSIONS[0]!, horizon: '1W', model: 'ensemble', symbolId: 0, n: 50, hits: 50, ups: 3 }),
  ]);
  const check = { checked_at: NOW.toISOString(), tests: [], reference_bars: 500, recent_bars: 60 };
  await insertRows(t.database, 'feature_drift', [
    { ...check, symbol_id: ids.get('AAA'), timeframe: 'd1', severity: 'high', drifted: true },
    { ...check, symbol_id: ids.get('BBB'), timeframe: 'd1', severity: 'medium', drifted: true },
    { ...check, symbol_id: ids.get('BBB'), timeframe: 'm15', severity: 'low', drifted: false },
  ]);
  const lastD1 = marketClock.lastClosedBar('d1', NOW)!.toISOString();
  await insertRows(t.database, 'forecast_runs', ['1D', '1W', '1M'].map((horizon) => ({
    symbol_id: ids.get('AAA'), horizon, timeframe: 'd1', attempted_at: lastD1, status: 'ok', last_bar_ts: lastD1,
  })));
  h = await startTestApp({ db: t, kind: 'postgres', now: NOW });
});

afterAll(async () => {
  await h?.close();
  await t?.drop();
});

test('live skill, coverage, drift and stale forecasts as gauges, without per-symbol labels', async () => {
  const res = await h.app.inject('/metrics');
  expect(res.statusCode).toBe(200);
  const text = res.body;
  expect(text).toContain('marketfleet_ml_live_hit_rate{horizon="1D"} 0.4');
  expect(text).toContain('marketfleet_ml_live_evaluations{horizon="1D"} 150');
  // 60 of 150 right, interval [32.5 %, 48.0 %], against always calling "up" (90 of 150): below the base rate.
  expect(text).toContain('marketfleet_ml_hit_rate_below_base{horizon="1D"} 1');
  expect(text).toContain('marketfleet_ml_hit_rate_below_base{horizon="1W"} 0');
  expect(text).toContain('marketfleet_ml_band_coverage{horizon="1D",level="80"} 0.6');
  expect(text).toContain('marketfleet_ml_band_coverage{horizon="1D",level="95"} 1');
  // Outside the window: no evaluations, so no rate to alert on.
  expect(text).toContain('marketfleet_ml_live_evaluations{horizon="1W"} 0');
  expect(text).not.toMatch(/marketfleet_ml_live_hit_rate\{horizon="1W"\}/);
  expect(text).toContain('marketfleet_ml_drifted_series{timeframe="d1"} 2');
  expect(text).toContain('marketfleet_ml_drifted_series{timeframe="m15"} 0');
  expect(text).toContain('marketfleet_ml_drifted_series{timeframe="h1"} 0');
  // Two symbols × three daily horizons, AAA's current: three stale (BBB has none); all four intraday ones missing.
  expect(text).toContain('marketfleet_ml_stale_forecasts{timeframe="d1"} 3');
  expect(text).toContain('marketfleet_ml_stale_forecasts{timeframe="m15"} 2');
  expect(text).toContain('marketfleet_ml_stale_forecasts{timeframe="h1"} 2');
  expect(text).not.toMatch(/^marketfleet_ml_\w+\{[^}]*symbol/m);
  expect(text).not.toMatch(/AAA|BBB/);
});
