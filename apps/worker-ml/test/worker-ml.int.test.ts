import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { addToWatchlist, ensureSymbols, getCalibration, upsertBars } from '@marketfleet/db';
import { createQueueBackend, forecastCalibration, forecastEvaluation, Producer } from '@marketfleet/jobs';
import { marketClock } from '@marketfleet/market';
import {
  ar1Closes,
  createTestDatabase,
  exitWithin,
  expectAlive,
  freePort,
  killAll,
  signal,
  startApp,
  storedBars,
  type TestDatabase,
  until,
} from '@marketfleet/testing';

const SYMBOLS = ['WA', 'WB', 'WC', 'WD'];

/** Milliseconds /healthz takes to answer, or Infinity when it does not within a second. */
function healthz(port: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 1_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? Date.now() - started : Infinity));
    });
    req.on('timeout', () => (req.destroy(), resolve(Infinity)));
    req.on('error', () => resolve(Infinity));
    req.end();
  });
}

// worker-ml as it runs in production (its own process, fits in a worker thread): a long batch
// leaves /healthz answering, and a batch whose worker is killed is taken over and finishes.
describe('worker-ml processes', () => {
  let t: TestDatabase;
  let producer: Producer;
  const prefix = `mf-ml-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    t = await createTestDatabase();
    const ids = await ensureSymbols(t.database.db, SYMBOLS);
    await addToWatchlist(t.database.db, SYMBOLS);
    const sessions = marketClock.sessionsBetween('2013-01-01', '2024-07-10').map((s) => s.open);
    for (const [i, s] of SYMBOLS.entries()) {
      const closes = ar1Closes(sessions.length, 0.1, 40 + i);
      await upsertBars(t.database.db, storedBars(ids.get(s)!, 'd1', sessions, (k) => closes[k]!));
    }
    producer = new Producer(createQueueBackend({ databaseUrl: t.url, prefix }), t.database.db);
  });
  afterAll(async () => {
    await killAll();
    await producer?.close();
    await t?.drop();
  });

  const env = (port: number) => ({ DATABASE_URL: t.url, QUEUE_PREFIX: prefix, METRICS_PORT: String(port), LOCK_DURATION_MS: '4000', ML_THREADS: '1', LOG_LEVEL: 'info' });
  const calibrated = async () => (await Promise.all(SYMBOLS.map(async (s) => (await t.database.sql`select 1 from forecast_calibrations c join symbols y on y.id = c.symbol_id where y.ticker = ${s}`).length))).every((n) => n > 0);

  test('a long batch keeps /healthz answering; a killed worker’s batch is taken over and finishes', async () => {
    // Ten years of d1 × 4 symbols of walk-forwards: seconds of CPU in one job.
    await producer.enqueue(forecastCalibration, { symbols: SYMBOLS, horizons: ['1D'] });
    const port1 = await freePort();
    const first = startApp('worker-ml', 'ml-1', env(port1));
    await until('worker-ml-1 running the batch', async () => (await t.database.sql`select status from job_runs where name = 'forecast-calibration'`)[0]?.status, (s) => s === 'running', 30_000, 50);
    const latencies: number[] = [];
    for (let i = 0; i < 8; i++) {
      latencies.push(await healthz(port1));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(Math.max(...latencies)).toBeLessThan(1_000);
    expect(await calibrated()).toBe(false);

    signal(first, 'SIGKILL');
    expect((await exitWithin(first, 5_000)).signal).toBe('SIGKILL');
    const second = startApp('worker-ml', 'ml-2', env(await freePort()));
    await until('the batch to finish on worker-ml-2', async () => (await t.database.sql`select status from job_runs where name = 'forecast-calibration'`)[0]?.status, (s) => s === 'success', 90_000);
    expectAlive(second);
    expect(second.printed('job stalled')).toBe(true);
    expect(await calibrated()).toBe(true);
    const [wa] = await ensureSymbols(t.database.db, ['WA']).then((m) => [...m.values()]);
    expect((await getCalibration(t.database.db, wa!, '1D'))!.samples).toBeGreaterThan(2000);
  }, 150_000);

  test('an evaluation batch whose worker is killed is finished by another, each forecast scored exactly once', async () => {
    // Every session of WA's history forecast twice, ~5,800 forecasts (three pages, each written in one transaction with its days' sums).
    const wa = (await ensureSymbols(t.database.db, ['WA'])).get('WA')!;
    await t.database.sql`
      insert into forecasts (symbol_id, timeframe, horizon, run_at, last_bar_ts, model_version, label, confidence, probabilities,
        current_price, target_price, expected_return, threshold, points, weights, components, calibrated, band_method,
        training_from, training_to, training_rows)
      select ${wa}, 'd1', h.horizon, now() - interval '1 day', b.ts, 'ensemble-1', 'bullish', 0.4,
        '{"bearish":0.3,"neutral":0.3,"bullish":0.4}'::jsonb, b.close, b.close * 1.001, 0.001, 0.005,
        jsonb_build_array(jsonb_build_object('ts', b.ts, 'value', b.close * 1.001, 'lower80', b.close * 0.98, 'upper80', b.close * 1.02,
          'lower95', b.close * 0.97, 'upper95', b.close * 1.03)),
        '{}'::jsonb, '{"naive":{"expectedReturn":0,"probabilities":[0.3,0.4,0.3]},"drift":{"expectedReturn":0.001,"probabilities":[0.3,0.3,0.4]},
          "logistic":{"expectedReturn":-0.001,"probabilities":[0.4,0.3,0.3]},"ar1":{"expectedReturn":0.002,"probabilities":[0.2,0.3,0.5]}}'::jsonb,
        false, 'volatility', b.ts, b.ts, 0
      from (select ts, close from bars where symbol_id = ${wa} and timeframe = 'd1' order by ts desc offset 1 limit 3000) b
      cross join (values ('1D')) h(horizon)`;
    await t.database.sql`
      insert into forecasts (symbol_id, timeframe, horizon, run_at, last_bar_ts, model_version, label, confidence, probabilities,
        current_price, target_price, expected_return, threshold, points, weights, components, calibrated, band_method,
        training_from, training_to, training_rows)
      select symbol_id, timeframe, horizon, run_at, last_bar_ts, 'ensemble-0', label, confidence, probabilities, current_price, target_price,
        expected_return, threshold, points, weights, components, calibrated, band_method, training_from, training_to, training_rows
      from forecasts where model_version = 'ensemble-1'`;
    await producer.enqueue(forecastEvaluation, {});
    const first = startApp('worker-ml', 'ml-3', env(await freePort()));
    await until('worker-ml-3 evaluating', async () => (await t.database.sql`select status from job_runs where name = 'forecast-evaluation'`)[0]?.status, (s) => s === 'running', 30_000, 20);
    signal(first, 'SIGKILL');
    await exitWithin(first, 5_000);
    const second = startApp('worker-ml', 'ml-4', env(await freePort()));
    await until('the evaluation to finish on worker-ml-4', async () => (await t.database.sql`select status from job_runs where name = 'forecast-evaluation'`)[0]?.status, (s) => s === 'success', 90_000);
    expectAlive(second);
    const [counts] = await t.database.sql<{ forecasts: number; evaluations: number; summed: number }[]>`
      select (select count(*)::int from forecasts) as forecasts, (select count(*)::int from forecast_evaluations) as evaluations,
             (select sum(n)::int from model_performance where symbol_id = 0 and model = 'ensemble') as summed`;
    expect(counts!.forecasts).toBeGreaterThan(5000);
    expect(counts).toEqual({ forecasts: counts!.forecasts, evaluations: counts!.forecasts, summed: counts!.forecasts });
  }, 150_000);
});
