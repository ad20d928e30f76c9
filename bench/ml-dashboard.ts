// pnpm bench:ml-dashboard — the ML dashboard over a year of the learning loop's history for a
// 100-symbol watchlist: model_performance for 5 horizons × 5 models × (100 symbols + the
// all-symbols rows) × 365 days (~920k rows), a year of daily forecasts with their evaluations,
// weight changes per horizon (daily) and per symbol (weekly), drift checks, forecast runs and
// series stats. Times GET /v1/ml-dashboard (default window and a year) against the chart of
// 1,000 m15 bars in the same run, sequential requests on a warm process, and prints the bound.
//
// BENCH_REQUESTS (41), BENCH_DATABASE_URL, BENCH_KEEP_DATABASE=1 (to look at the query plans afterwards).
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { addToWatchlist, createDatabase as openDatabase, ensureSymbols, upsertBars, type BarRow } from '@marketfleet/db';
import { marketClock } from '@marketfleet/market';
import { freePort } from '@marketfleet/testing';
import { benchDatabase, buildApp, dropDatabase, fmt, startApp, stopApp, until } from './support';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 41);
const BOUND_MS = 200;
const KEY = randomBytes(24).toString('hex');
const HORIZONS = ['1D', '1W', '1M', '15m', '1h'];
const MODELS = ['ensemble', 'naive', 'drift', 'logistic', 'ar1'];
/** Evaluations a day per symbol and horizon: one per bar for the intraday ones. */
const PER_DAY: Record<string, number> = { '1D': 1, '1W': 1, '1M': 1, '15m': 26, '1h': 7 };

async function seed(url: string): Promise<void> {
  const { db, sql, close } = openDatabase(url, { max: 2 });
  const tickers = Array.from({ length: 100 }, (_, i) => `M${String(i).padStart(3, '0')}`);
  const ids = [...(await ensureSymbols(db, tickers)).values()];
  await addToWatchlist(db, tickers);
  const perDay = `'${JSON.stringify(PER_DAY)}'::jsonb`;
  let t0 = performance.now();
  // Per symbol, then the all-symbols row as their sums (symbol 0). Hits near 52 %, rises near 51 %.
  await sql.unsafe(`
    with per_symbol as (
      select d::date as day, h as horizon, m as model, s as symbol_id, (${perDay} ->> h)::int as n,
        ((hashtext(d::text || h || m || s) & 1023) / 1023.0) as u
      from generate_series(current_date - 364, current_date, interval '1 day') d,
        unnest($1::text[]) h, unnest($2::text[]) m, unnest($3::int[]) s
    ), counted as (
      select day, horizon, model, symbol_id, n, least(n, round(n * (0.44 + 0.16 * u)))::int as hits,
        least(n, round(n * (0.43 + 0.16 * (1 - u))))::int as ups
      from per_symbol
    ), both_levels as (
      select * from counted
      union all
      select day, horizon, model, 0, sum(n)::int, sum(hits)::int, sum(ups)::int from counted group by day, horizon, model
    )
    insert into model_performance (day, horizon, model, symbol_id, n, hits, ups, label_hits, abs_error, abs_error_random_walk,
      in80, in95, brier, brier_climatology, reliability)
    select day, horizon, model, symbol_id, n, hits, ups, hits, 0.011 * n, 0.012 * n, round(0.8 * n)::int, round(0.95 * n)::int,
      0.61 * n, 0.62 * n,
      (select jsonb_agg(case when b = 3 + (symbol_id + hits) % 4 then jsonb_build_array(n, (b + 0.5) / 10.0 * n, hits) else '[0,0,0]'::jsonb end order by b)
       from generate_series(0, 9) b)
    from both_levels`, [HORIZONS, MODELS, ids]);
  const [perf] = await sql`select count(*)::int as n from model_performance`;
  console.log(`seeded ${fmt(perf!.n)} model_performance rows in ${fmt((performance.now() - t0) / 1000, 1)} s`);

  t0 = performance.now();
  // A forecast per symbol × horizon × weekday of the year, each evaluated (the evaluations the sums came from).
  await sql.unsafe(`
    insert into forecasts (symbol_id, timeframe, horizon, run_at, last_bar_ts, model_version, label, confidence, probabilities,
      current_price, target_price, expected_return, threshold, points, weights, components, calibrated, band_method,
      training_from, training_to, training_rows)
    select s, (case h when '15m' then 'm15' when '1h' then 'h1' else 'd1' end)::timeframe, h, d + interval '21 hours', d + interval '14 hours',
      'bench', 'neutral', 0.4, '{"bearish":0.3,"neutral":0.4,"bullish":0.3}', 100, 100.1, 0.001, 0.02, '[]',
      '{"naive":0.25,"drift":0.25,"logistic":0.25,"ar1":0.25}', '{}', true, 'conformal', d - interval '3 years', d, 700
    from generate_series(current_date - 364, current_date, interval '1 day') d, unnest($1::text[]) h, unnest($2::int[]) s
    where extract(isodow from d) < 6`, [HORIZONS, ids]);
  await sql.unsafe(`
    insert into forecast_evaluations (forecast_id, symbol_id, timeframe, horizon, made_at, target_ts, target_date, start_price,
      realized_price, realized_return, expected_return, direction_hit, predicted_label, realized_label, label_hit, realized_class,
      confidence, label_correct, brier, brier_climatology, abs_error, abs_error_random_walk, in80, in95, models)
    select id, symbol_id, timeframe, horizon, run_at, last_bar_ts + interval '1 day', (last_bar_ts + interval '1 day')::date, 100,
      100 + (id % 7) - 3, ln((100 + (id % 7) - 3) / 100.0), 0.001, (id % 7) >= 3, 'neutral', 'neutral', true, 1, 0.4, true, 0.6, 0.62,
      0.01, 0.012, true, true, '{}'
    from forecasts`);
  const [ev] = await sql`select count(*)::int as n from forecast_evaluations`;
  console.log(`seeded ${fmt(ev!.n)} forecasts and their evaluations in ${fmt((performance.now() - t0) / 1000, 1)} s`);

  // Weights: each horizon's changed every day, each symbol's every week.
  await sql.unsafe(`
    insert into model_weights (horizon, symbol_id, weights, method, inputs, effective_from)
    select h, null, jsonb_build_object('naive', 0.1, 'drift', 0.2, 'logistic', 0.3 + (extract(doy from d)::int % 10) / 100.0,
      'ar1', 0.4 - (extract(doy from d)::int % 10) / 100.0), 'live-evidence', '{}'::jsonb, d + interval '13 hours'
    from generate_series(current_date - 364, current_date, interval '1 day') d, unnest($1::text[]) h
    union all
    select h, s, '{"naive":0.25,"drift":0.25,"logistic":0.25,"ar1":0.25}'::jsonb, 'layer-grid', '{}'::jsonb, d + interval '13 hours 45 minutes'
    from generate_series(current_date - 364, current_date, interval '7 days') d, unnest($1::text[]) h, unnest($2::int[]) s`, [HORIZONS, ids]);
  await sql.unsafe(`
    insert into feature_drift (symbol_id, timeframe, checked_at, severity, drifted, tests, reference_bars, recent_bars)
    select s, tf::timeframe, now(), (array['none','low','medium','high'])[1 + s % 4], s % 4 >= 2,
      '[{"name":"returns","d":0.2,"p":0.01,"psi":0.2,"severity":"medium","drifted":true}]', 500, 60
    from unnest($1::int[]) s, unnest(array['d1','m15','h1']) tf`, [ids]);
  await sql.unsafe(`
    insert into forecast_runs (symbol_id, horizon, timeframe, attempted_at, status, reason, forecast_id, last_bar_ts)
    select s, h, (case h when '15m' then 'm15' when '1h' then 'h1' else 'd1' end)::timeframe, now(), 'ok', null, null, now() - interval '1 day'
    from unnest($1::int[]) s, unnest($2::text[]) h`, [ids, HORIZONS]);
  await sql.unsafe(`
    insert into series_stats (symbol_id, timeframe, first_ts, last_ts, bar_count, last_written_at, last_rows_written, last_provider)
    select s, tf::timeframe, now() - interval '3 years', now() - interval '1 day', 756, now(), 1, 'bench'
    from unnest($1::int[]) s, unnest(array['d1','m15','h1']) tf`, [ids]);
  // As autovacuum leaves an insert-mostly table: visible to index-only scans, with statistics.
  await sql`vacuum analyze`;

  // The chart the dashboard is measured against: 1,000 m15 bars of one symbol, as bench:api.
  const chartId = (await ensureSymbols(db, ['BENCH'])).get('BENCH')!;
  const starts = marketClock.expectedBars('m15', marketClock.session('2024-05-01')!.open, marketClock.session('2024-06-28')!.close).slice(-1000);
  const bars: BarRow[] = starts.map((ts, i) => ({
    symbolId: chartId, timeframe: 'm15', ts, open: 100 + (i % 50), high: 101 + (i % 50), low: 99 + (i % 50), close: 100.5 + (i % 50),
    volume: 1000 + i, vwap: 100.2 + (i % 50), tradeCount: 10, provider: 'bench', status: 'verified', fetchedAt: new Date(),
  }));
  await upsertBars(db, bars);
  await close();
}

/** Sequential requests (after two to warm up): each one's whole round trip, sorted. */
async function timeRequests(url: string, check: (body: unknown) => void): Promise<number[]> {
  const headers = { authorization: `Bearer ${KEY}`, 'accept-encoding': 'identity' };
  const times: number[] = [];
  for (let i = 0; i < REQUESTS + 2; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const body: unknown = await res.json();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    check(body);
    if (i >= 2) times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main() {
  buildApp('api');
  const { name: dbName, url } = await benchDatabase('mldash');
  let api: ChildProcess | undefined;
  try {
    await seed(url);
    const port = await freePort();
    api = startApp('api', {
      DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
      APP_API_KEYS: KEY, ADMIN_API_KEYS: randomBytes(24).toString('hex'), RATE_LIMIT_APP_PER_MINUTE: '100000000',
    });
    const base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok === true, 30_000);

    const mustHaveAll = (body: unknown) => {
      const b = body as { horizons: Array<{ n: number }>; symbols: { ranked: number } };
      if (b.horizons.length !== 5 || b.horizons.some((h) => h.n === 0) || b.symbols.ranked !== 100) throw new Error('the dashboard did not see the seeded rows');
    };
    const chartUrl = `${base}/v1/chart?symbol=BENCH&timeframe=m15&start=2024-05-01T00:00:00Z&end=2024-06-29T00:00:00Z`;
    const chart = await timeRequests(chartUrl, (b) => {
      if ((b as { bars: unknown[] }).bars.length !== 1000) throw new Error('the chart did not return 1,000 bars');
    });
    const dash = await timeRequests(`${base}/v1/ml-dashboard`, mustHaveAll);
    const year = await timeRequests(`${base}/v1/ml-dashboard?days=252`, mustHaveAll);
    const oneSymbol = await timeRequests(`${base}/v1/ml-dashboard?symbol=M042&horizon=15m`, () => undefined);
    const line = (what: string, t: number[]) => `${what}: median ${fmt(quantile(t, 0.5), 1)} ms, p95 ${fmt(quantile(t, 0.95), 1)} ms`;
    console.log(`${REQUESTS} sequential requests each, after 2 to warm up`);
    console.log(line('chart, 1,000 m15 bars (served from its response cache after the first)', chart));
    console.log(line('ml-dashboard, 100 symbols × 5 horizons, 90 sessions', dash));
    console.log(line('ml-dashboard, a year (252 sessions, weekly trend)', year));
    console.log(line('ml-dashboard, one symbol × 15m', oneSymbol));
    const median = quantile(dash, 0.5);
    console.log(`bound: median under ${BOUND_MS} ms — ${median < BOUND_MS ? 'met' : 'MISSED'} (${fmt(median, 1)} ms; ${fmt(median / quantile(chart, 0.5), 1)}× the chart's median)`);
    if (median >= BOUND_MS) process.exitCode = 1;
  } finally {
    if (api) await stopApp(api);
    if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`kept database ${dbName}`);
    else await dropDatabase(dbName);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
