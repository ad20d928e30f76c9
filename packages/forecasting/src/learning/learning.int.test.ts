import { randomBytes } from 'node:crypto';
import { addToWatchlist, ensureSymbols, latestForecast, saveForecast, saveWeights, upsertBars, type Db } from '@marketfleet/db';
import { createQueueBackend, type Job, Producer } from '@marketfleet/jobs';
import { DEFAULT_POLICY, marketClock, nyDate, nyWallTime, type MarketClock } from '@marketfleet/market';
import { createLogger, inlinePool } from '@marketfleet/runtime';
import { ar1Closes, createTestDatabase, normals, storedBars, type TestDatabase } from '@marketfleet/testing';
import type { ForecastDeps } from '../deps';
import { mlHandlers } from '../handlers';
import { FIT_TASKS } from '../tasks';

const job = (id: string) => ({ job: { id } as Job, log: undefined as never });
const opens = (from: string, to: string) => marketClock.sessionsBetween(from, to).map((s) => s.open);
const eveningOf = (date: string) => new Date(marketClock.session(date)!.close.getTime() + 3 * 3600_000);

describe('the learning loop', () => {
  let t: TestDatabase;
  let producer: Producer;
  let ids: Map<string, number>;
  const db = (): Db => t.database.db;
  const depsAt = (now: Date, clock: MarketClock = marketClock): ForecastDeps => ({
    db: db(), clock, policy: DEFAULT_POLICY, pool: inlinePool(FIT_TASKS), producer, now: () => now, logger: createLogger('test', 'silent'),
  });
  const run = (name: 'forecast-evaluation' | 'drift-check' | 'model-weight-training', now: Date) =>
    mlHandlers(depsAt(now))[name]({}, job(`${name}-${now.getTime()}`));
  const count = async (table: string, where = 'true') =>
    (await t.database.sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${table} where ${where}`))[0]!.n;

  beforeAll(async () => {
    t = await createTestDatabase();
    producer = new Producer(createQueueBackend({ databaseUrl: t.url, prefix: `mf-test-${randomBytes(4).toString('hex')}` }), db());
    ids = await ensureSymbols(db(), ['AAA', 'BETTER', 'SHIFT']);
    await addToWatchlist(db(), ['AAA', 'SHIFT']);
  });
  afterAll(async () => {
    await producer.close();
    await t.drop();
  });

  describe('evaluation', () => {
    // Wednesday 3 July 2024 closes at 13:00 and 4 July is a holiday: the next session is Friday 5 July.
    const history = opens('2019-01-01', '2024-07-03');
    const closes = ar1Closes(history.length + 30, 0.1, 3);

    beforeAll(async () => {
      await upsertBars(db(), storedBars(ids.get('AAA')!, 'd1', history, (i) => closes[i]!));
      const made = await mlHandlers(depsAt(eveningOf('2024-07-03')))['forecast-daily']({ symbols: ['AAA'] }, job('daily'));
      expect(made).toMatchObject({ detail: expect.stringMatching(/^3 forecasts/) });
      // And an m15 forecast from the early close's last bar (12:45–13:00), whose next bar is Friday 09:30.
      const daily = await t.database.sql<{ id: number }[]>`select id from forecasts where horizon = '1D'`;
      await t.database.sql`insert into forecasts (symbol_id, timeframe, horizon, run_at, last_bar_ts, model_version, label, confidence,
          probabilities, current_price, target_price, expected_return, threshold, points, weights, components, calibrated, band_method,
          training_from, training_to, training_rows)
        select symbol_id, 'm15', '15m', run_at, ${nyWallTime('2024-07-03', '12:45').toISOString()}::timestamptz, model_version, label, confidence, probabilities,
          current_price, target_price, expected_return, 0.001, points, weights, components, calibrated, band_method, training_from, training_to, training_rows
        from forecasts where id = ${daily[0]!.id}`;
      await upsertBars(db(), storedBars(ids.get('AAA')!, 'm15', [nyWallTime('2024-07-03', '12:45')], () => closes[history.length - 1]!));
    });

    test('waits for the target bars, scores each forecast on its own later session, once', async () => {
      // The evening of the forecast: nothing is due.
      expect(await run('forecast-evaluation', eveningOf('2024-07-03'))).toMatchObject({ detail: expect.stringMatching(/^0 evaluated, 4 waiting/) });

      // Friday's d1 bar arrives first as provisional: still waiting, then corrected and verified.
      const fri = marketClock.session('2024-07-05')!;
      const [provisional] = storedBars(ids.get('AAA')!, 'd1', [fri.open], () => 1);
      await upsertBars(db(), [{ ...provisional!, status: 'provisional' }]);
      await upsertBars(db(), storedBars(ids.get('AAA')!, 'm15', [fri.open], () => closes[history.length - 1]! * 1.01));
      expect(await run('forecast-evaluation', eveningOf('2024-07-05'))).toMatchObject({ detail: expect.stringMatching(/^1 evaluated, 3 waiting/) });
      await upsertBars(db(), storedBars(ids.get('AAA')!, 'd1', [fri.open], () => closes[history.length]!));
      expect(await run('forecast-evaluation', eveningOf('2024-07-05'))).toMatchObject({ detail: expect.stringMatching(/^1 evaluated, 2 waiting/) });

      const byHorizon = async () =>
        new Map((await t.database.sql<{ horizon: string; target_date: string; realized_price: number; start_price: number }[]>`
          select horizon, target_date::text, realized_price, start_price from forecast_evaluations`).map((r) => [r.horizon, r]));
      let evals = await byHorizon();
      expect(evals.get('15m')).toMatchObject({ target_date: '2024-07-05' });
      // Scored against the corrected close, not the provisional one.
      expect(evals.get('1D')).toMatchObject({ target_date: '2024-07-05', realized_price: closes[history.length]!, start_price: closes[history.length - 1]! });

      // The week: Fri 5, Mon 8, Tue 9, Wed 10, Thu 11 July.
      await upsertBars(db(), storedBars(ids.get('AAA')!, 'd1', opens('2024-07-08', '2024-07-12'), (i) => closes[history.length + 1 + i]!));
      const done = eveningOf('2024-07-12');
      // Two runs at once and a rerun: each forecast is evaluated exactly once.
      await Promise.all([run('forecast-evaluation', done), run('forecast-evaluation', done)]);
      expect(await run('forecast-evaluation', done)).toMatchObject({ detail: expect.stringMatching(/^0 evaluated, 1 waiting/) });
      evals = await byHorizon();
      expect(evals.get('1W')).toMatchObject({ target_date: '2024-07-11', realized_price: closes[history.length + 4]! });
      expect(await count('forecast_evaluations')).toBe(3);
      // The performance history holds each day once: all symbols and the symbol, ensemble and members.
      expect(await count('model_performance', `day = '2024-07-05' and symbol_id = 0 and model = 'ensemble'`)).toBe(2);
      const [sums] = await t.database.sql<{ n: number }[]>`select sum(n)::int as n from model_performance where symbol_id = 0 and model = 'ensemble'`;
      expect(sums!.n).toBe(3);
      expect(await count('model_performance', `symbol_id = ${ids.get('AAA')} and model = 'ar1'`)).toBe(3);
    });
  });

  describe('weights', () => {
    // BETTER's forecasts: ar1 knew each next return, logistic said the opposite, the others nothing.
    const days = opens('2023-01-03', '2023-12-29');
    const z = normals(days.length, 11);
    const closes = z.reduce<number[]>((acc, e) => [...acc, (acc.at(-1) ?? 100) * Math.exp(0.01 * e)], []);

    async function constructForecasts(horizon: '1D', from: number, n: number) {
      const sym = ids.get('BETTER')!;
      for (let i = from; i < from + n; i++) {
        const r = Math.log(closes[i + 1]! / closes[i]!);
        const ers = { naive: 0, drift: 0.0001, logistic: -r, ar1: r * 0.9 };
        const probs = [0.3, 0.4, 0.3];
        await saveForecast(db(), {
          symbolId: sym, timeframe: 'd1', horizon, runAt: new Date(days[i]!.getTime() + 8 * 3600_000), lastBarTs: days[i]!,
          modelVersion: 'ensemble-1', label: 'neutral', confidence: 0.4, probabilities: { bearish: 0.3, neutral: 0.4, bullish: 0.3 },
          currentPrice: closes[i]!, targetPrice: closes[i]!, expectedReturn: 0.0001, threshold: 0.005,
          points: [{ ts: days[i + 1]!.toISOString(), value: closes[i]!, lower80: closes[i]! * 0.98, upper80: closes[i]! * 1.02, lower95: closes[i]! * 0.97, upper95: closes[i]! * 1.03 }],
          weights: {}, components: Object.fromEntries(Object.entries(ers).map(([m, er]) => [m, { expectedReturn: er, probabilities: probs }])),
          calibrated: false, bandMethod: 'volatility', trainingFrom: days[0]!, trainingTo: days[i]!, trainingRows: 0,
        });
      }
    }

    test('move toward the member constructed to be right, and stay put with too few samples', async () => {
      const weightRows = () => t.database.sql<{ weights: Record<string, number>; inputs: { samples: number } }[]>`
        select weights, inputs from model_weights where horizon = '1D' and symbol_id is null order by id`;
      await upsertBars(db(), storedBars(ids.get('BETTER')!, 'd1', days, (i) => closes[i]!));
      // Forecasts from each of the last 60 sessions but one, each about the next session.
      await constructForecasts('1D', days.length - 61, 60);
      // Ten sessions in, ten evaluations: too few to move anything.
      const early = await run('forecast-evaluation', eveningOf(nyDate(days[days.length - 51]!)));
      expect(early).toMatchObject({ detail: expect.stringMatching(/^10 evaluated.*1D: kept \(10 evaluations, 20 needed\)/) });
      expect(await weightRows()).toHaveLength(0);

      const late = await run('forecast-evaluation', eveningOf('2023-12-29'));
      expect(late).toMatchObject({ detail: expect.stringMatching(/^50 evaluated/) });
      const [w, ...more] = await weightRows();
      expect(more).toHaveLength(0);
      expect(w!.inputs.samples).toBeGreaterThanOrEqual(20);
      expect(w!.weights.ar1).toBeGreaterThan(0.25);
      expect(w!.weights.logistic).toBeLessThan(0.25);
      expect(Object.values(w!.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      // Other horizons have no evaluations: their weights were not written.
      expect(await count('model_weights', `horizon <> '1D'`)).toBe(0);

      // Per-symbol training on the layer grid.
      await addToWatchlist(db(), ['BETTER']);
      const trained = await mlHandlers(depsAt(eveningOf('2023-12-29')))['model-weight-training']({ symbols: ['BETTER'] }, job('train'));
      expect(trained).toMatchObject({ detail: expect.stringMatching(/^1 symbol × horizon weights trained/) });
      const [own] = await t.database.sql<{ weights: Record<string, number>; method: string; inputs: { method: string } }[]>`
        select weights, method, inputs from model_weights where symbol_id = ${ids.get('BETTER')!}`;
      expect(own).toMatchObject({ method: 'layer-grid', inputs: { method: 'walk_forward_grid' } });
      expect(own!.weights.ar1).toBeGreaterThan(0.8);
    });

    test('weights that would not sum to 1 are refused and nothing is written', async () => {
      const before = await count('model_weights');
      await expect(saveWeights(db(), { horizon: '1D', symbolId: null, weights: { naive: 0.5, drift: 0.6, logistic: 0, ar1: 0 }, method: 'live-evidence', inputs: {} })).rejects.toThrow(
        'weights sum to 1.1, not 1',
      );
      await expect(saveWeights(db(), { horizon: '1D', symbolId: null, weights: { naive: -0.5, drift: 1.5, logistic: 0, ar1: 0 }, method: 'live-evidence', inputs: {} })).rejects.toThrow(
        /weight naive is -0.5/,
      );
      expect(await count('model_weights')).toBe(before);
    });

    test('a forecast uses the weights current when it runs, and stores them', async () => {
      const chosen = { naive: 0.1, drift: 0.2, logistic: 0.3, ar1: 0.4 };
      await saveWeights(db(), { horizon: '1D', symbolId: null, weights: chosen, method: 'live-evidence', inputs: { test: true } });
      await mlHandlers(depsAt(eveningOf('2024-07-12')))['forecast-daily']({ symbols: ['AAA'], horizons: ['1D'] }, job('daily-weights'));
      const f = (await latestForecast(db(), ids.get('AAA')!, '1D'))!;
      expect(f.lastBarTs).toEqual(marketClock.session('2024-07-12')!.open);
      expect(f.weights).toEqual(chosen);
    });

    test('training waits for a session day', async () => {
      expect(await run('model-weight-training', nyWallTime('2024-07-04', '08:45'))).toEqual({ status: 'skipped', detail: 'not a session day' });
    });
  });

  describe('drift', () => {
    const days = opens('2021-06-01', '2024-07-10');
    const z = normals(days.length, 5);
    // Calm returns, then the last quarter four times as volatile.
    const path = (shiftFrom: number) => z.reduce<number[]>((acc, e, i) => [...acc, (acc.at(-1) ?? 100) * Math.exp((i >= shiftFrom ? 0.04 : 0.01) * e)], []);

    test('a shift in the features raises one alert per series; its removal resolves it', async () => {
      const shifted = path(days.length - 63);
      await upsertBars(db(), storedBars(ids.get('SHIFT')!, 'd1', days, (i) => shifted[i]!));
      const now = eveningOf('2024-07-10');
      expect(await run('drift-check', now)).toMatchObject({ detail: expect.stringContaining('drifted drift:SHIFT:d1') });
      await run('drift-check', now);
      const open = await t.database.sql<{ key: string; occurrences: number; message: string }[]>`select key, occurrences, message from alerts where kind = 'drift' and resolved_at is null`;
      expect(open).toEqual([expect.objectContaining({ key: 'drift:SHIFT:d1', occurrences: 2, message: expect.stringContaining('return_1') })]);
      const [check] = await t.database.sql<{ drifted: boolean; severity: string }[]>`select drifted, severity from feature_drift where symbol_id = ${ids.get('SHIFT')!}`;
      expect(check).toMatchObject({ drifted: true });

      const calm = path(days.length);
      await upsertBars(db(), storedBars(ids.get('SHIFT')!, 'd1', days, (i) => calm[i]!));
      expect(await run('drift-check', now)).toMatchObject({ detail: expect.stringContaining('none drifted') });
      expect(await count('alerts', `kind = 'drift' and resolved_at is null`)).toBe(0);
    });
  });
});
