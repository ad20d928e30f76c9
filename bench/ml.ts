// pnpm bench:ml — forecasts for a watchlist from stored bars: 1D, 1W, 1M from d1, 15m from m15,
// 1h from h1, through the production path (preflight, reads, fits in worker threads, writes).
// Prints the cost per symbol and the whole batch against the time to only read the same bars
// from PostgreSQL, measured in the same run, then the walk-forward evaluation of ten years of d1
// for one symbol.
//
// BENCH_SYMBOLS (100), BENCH_THREADS (the machine's cores), BENCH_DATABASE_URL (an admin URL).
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { addToWatchlist, createDatabase as openDatabase, ensureSymbols, saveCalibration, upsertBars } from '@marketfleet/db';
import { barsNeeded, evaluateSeries, FIT_TASKS, loadSeries, mlHandlers, type ForecastDeps, type WalkForwardTaskOutput } from '@marketfleet/forecasting';
import { createQueueBackend, type Job, Producer } from '@marketfleet/jobs';
import { DEFAULT_POLICY, marketClock, type Timeframe } from '@marketfleet/market';
import { DAILY_HORIZONS, FORECAST_HORIZONS, INTRADAY_HORIZONS, MODEL_VERSION } from '@marketfleet/ml';
import { createLogger, createThreadPool, inlinePool } from '@marketfleet/runtime';
import { ar1Closes, storedBars } from '@marketfleet/testing';
import { benchDatabase, dropDatabase, fmt } from './support';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 100);
const THREADS = Number(process.env.BENCH_THREADS ?? availableParallelism());
// Wednesday 10 July 2024, 15:00 New York: the session is open, so the intraday horizons run too.
const NOW = new Date('2024-07-10T19:00:00Z');
const DAY = 86_400_000;

/** Every bar the calendar has for a timeframe in the `days` before NOW that has closed. */
function starts(timeframe: Timeframe, days: number): Date[] {
  const last = marketClock.lastClosedBar(timeframe, NOW)!;
  return marketClock.expectedBars(timeframe, new Date(NOW.getTime() - days * DAY), new Date(last.getTime() + 1));
}

const job = (id: string) => ({ job: { id } as Job, log: undefined as never });
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

async function main() {
  const { name: dbName, url } = await benchDatabase('ml');
  const pool = createThreadPool({ filename: join(__dirname, '..', 'apps', 'worker-ml', 'src', 'fit.thread.ts'), size: THREADS });
  try {
    const database = openDatabase(url, { max: THREADS + 2 });
    const symbols = Array.from({ length: SYMBOLS }, (_, i) => `F${String(i).padStart(4, '0')}`);
    await addToWatchlist(database.db, symbols);
    const ids = await ensureSymbols(database.db, symbols);
    const layout: Array<[Timeframe, Date[]]> = [['d1', starts('d1', 1300)], ['m15', starts('m15', 70)], ['h1', starts('h1', 260)]];
    let seeded = 0;
    for (const [i, s] of symbols.entries()) {
      for (const [tf, ts] of layout) {
        const closes = ar1Closes(ts.length, 0.05, 1000 * i + tf.length, tf === 'd1' ? 0.012 : 0.003);
        seeded += await upsertBars(database.db, storedBars(ids.get(s)!, tf, ts, (k) => closes[k]!));
      }
    }
    console.log(`${SYMBOLS} symbols: ${fmt(seeded)} bars stored (d1 ${layout[0]![1].length}, m15 ${layout[1]![1].length}, h1 ${layout[2]![1].length} each); ${THREADS} fit threads`);

    // Steady state: every symbol has a calibration (a walk-forward of the first symbol, stored for all),
    // so the batch applies calibrations and queues none.
    const model = symbols[0]!;
    for (const h of [...DAILY_HORIZONS, ...INTRADAY_HORIZONS]) {
      const series = (await loadSeries(database.db, model, FORECAST_HORIZONS[h].timeframe))!;
      const r = await pool.run<WalkForwardTaskOutput>('walkForward', { horizon: h, bars: series.bars });
      for (const s of symbols) {
        await saveCalibration(database.db, {
          symbolId: ids.get(s)!, horizon: h, modelVersion: MODEL_VERSION, fromTs: series.ts[0]!, toTs: series.ts.at(-1)!,
          samples: r.summary?.n ?? 0, calibration: r.calibration, summary: {},
        });
      }
    }

    // The floor: reading the bars the forecasts read, as they read them, and nothing else.
    const readStarted = process.hrtime.bigint();
    for (const s of symbols) {
      await loadSeries(database.db, s, 'd1', { count: barsNeeded(DAILY_HORIZONS) });
      await loadSeries(database.db, s, 'm15', { count: barsNeeded(['15m']) });
      await loadSeries(database.db, s, 'h1', { count: barsNeeded(['1h']) });
    }
    const read = seconds(readStarted);

    const producer = new Producer(createQueueBackend({ databaseUrl: url, prefix: `bench-${randomBytes(3).toString('hex')}` }), database.db);
    const deps: ForecastDeps = { db: database.db, clock: marketClock, policy: DEFAULT_POLICY, pool, producer, now: () => NOW, logger: createLogger('bench', 'warn') };
    const handlers = mlHandlers(deps);
    const started = process.hrtime.bigint();
    const daily = await handlers['forecast-daily']({}, job('bench-daily'));
    const intraday = await handlers['forecast-intraday']({}, job('bench-intraday'));
    const batch = seconds(started);
    const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from forecasts`;
    const n = row?.n ?? 0;
    if (n !== SYMBOLS * (DAILY_HORIZONS.length + INTRADAY_HORIZONS.length)) {
      throw new Error(`expected ${SYMBOLS * 5} forecasts, stored ${n}: ${daily?.detail} / ${intraday?.detail}`);
    }
    console.log(`forecasts: ${n} (${SYMBOLS} symbols × 1D, 1W, 1M, 15m, 1h) in ${batch.toFixed(2)} s — ${fmt((batch / SYMBOLS) * 1000, 1)} ms a symbol`);
    console.log(`reading the same bars only: ${read.toFixed(2)} s — the batch takes ${(batch / read).toFixed(1)}× the read`);
    console.log(`bound: worker CPU (fits in ${THREADS} threads; the database reads are ${((read / batch) * 100).toFixed(0)} % of the batch)`);

    // Ten years of d1 for one symbol through the walk-forward `marketfleet evaluate` runs.
    const ten = starts('d1', 3653);
    const closes = ar1Closes(ten.length, 0.05, 77, 0.012);
    const [id] = [...(await ensureSymbols(database.db, ['TENYEARS'])).values()];
    await upsertBars(database.db, storedBars(id!, 'd1', ten, (k) => closes[k]!));
    const evalStarted = process.hrtime.bigint();
    const results = await evaluateSeries(database.db, marketClock, inlinePool(FIT_TASKS), { symbol: 'TENYEARS', timeframe: 'd1' }, NOW);
    console.log(
      `evaluate, ten years of d1 (${ten.length} bars), 1D + 1W + 1M: ${seconds(evalStarted).toFixed(2)} s in one thread ` +
        `(${results.map((r) => `${r.horizon} n=${r.summary?.n ?? 0}`).join(', ')}); bound: CPU`,
    );
    await producer.close();
    await database.close();
  } finally {
    await pool.close();
    await dropDatabase(dbName);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
