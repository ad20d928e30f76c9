// pnpm bench:scale — a watchlist grown to 200, 1,000 and 2,000 symbols, each with full history
// depth in every timeframe (the policy's defaults: m15 60 days, h1 and h4 2 years, d1 and w1 10
// years; about 8,000 bars a symbol, 16 million at 2,000), loaded with COPY. At each size it prints
// the nightly coverage sweep's planning time, data-health's time for a page of 100 symbols, chart
// p99 under load (random symbols of the watchlist, so cache misses and hits), the table and index
// sizes and what one write touches, each with the bound it hit.
//
// BENCH_SIZES (200,1000,2000), BENCH_SECONDS (5, chart load), BENCH_CONNECTIONS (20), BENCH_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import autocannon from 'autocannon';
import type postgres from 'postgres';
import { addToWatchlist, createDatabase as openDatabase, ensureSymbols, upsertSeriesBatch } from '@marketfleet/db';
import { createQueueBackend, Producer } from '@marketfleet/jobs';
import { addDays, DEFAULT_POLICY, marketClock, nyDate, nyWallTime, TIMEFRAMES, type Timeframe } from '@marketfleet/market';
import { ensureCoverage, Priority } from '@marketfleet/ingest';
import { activeMs, boundOf, busyBetween, machineTicks, processCpuSeconds } from './bounds';
import { freePort } from '@marketfleet/testing';
import { benchDatabase, buildApp, dropDatabase, fmt, startApp, stopApp, until } from './support';

const SIZES = (process.env.BENCH_SIZES ?? '200,1000,2000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const KEY = randomBytes(24).toString('hex');
const NOW = new Date();
const ticker = (i: number) => `S${String(i).padStart(4, '0')}`;

/** The bars a complete series holds now: exactly what the coverage sweep expects, per timeframe (ISO times). */
function expectedSeries(): Map<Timeframe, string[]> {
  const out = new Map<Timeframe, string[]>();
  for (const tf of TIMEFRAMES) {
    const from = nyWallTime(addDays(nyDate(NOW), -DEFAULT_POLICY.historyDays[tf]), '00:00');
    const sessions = marketClock.sessionsBetween(nyDate(from), nyDate(NOW)).filter((s) => s.open >= from || s.close > from);
    const expected = marketClock.expectedBars(tf, sessions[0]!.open, NOW).filter((ts) => marketClock.barEnd(ts, tf) <= NOW);
    out.set(tf, expected.map((d) => d.toISOString()));
  }
  return out;
}

/** COPY every series of these symbols, then their summary rows (as the write path keeps them). */
async function load(sql: postgres.Sql, ids: number[], series: Map<Timeframe, string[]>): Promise<number> {
  const fetched = NOW.toISOString();
  const writable = await sql`copy bars (symbol_id, timeframe, ts, open, high, low, close, volume, vwap, trade_count, provider, status, fetched_at) from stdin`.writable();
  let rows = 0;
  await pipeline(
    (function* () {
      for (const id of ids) {
        const lines: string[] = [];
        for (const [tf, times] of series) {
          for (let i = 0; i < times.length; i++) {
            const p = 50 + ((id * 7 + i) % 100);
            lines.push(`${id}\t${tf}\t${times[i]}\t${p}\t${p + 1}\t${p - 1}\t${p + 0.5}\t${1000 + i}\t${p + 0.25}\t${10 + (i % 7)}\tbench\tverified\t${fetched}\n`);
          }
        }
        rows += lines.length;
        yield lines.join('');
      }
    })(),
    writable,
  );
  await sql`
    insert into series_stats (symbol_id, timeframe, first_ts, last_ts, bar_count, last_written_at, last_rows_written, last_provider)
    select symbol_id, timeframe, min(ts), max(ts), count(*), max(fetched_at), 0, 'bench' from bars
    where symbol_id = any(${ids}::int[]) group by symbol_id, timeframe`;
  return rows;
}

/**
 * Runs `fn` twice; its times and this process's CPU. The work is sequential, so what the wall
 * time holds beyond the CPU is waiting: on the database's statements (and the socket).
 */
async function timed(fn: () => Promise<unknown>) {
  const times: number[] = [];
  let cpu = 0;
  for (let i = 0; i < 2; i++) {
    const c = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    const u = process.cpuUsage(c);
    cpu += (u.user + u.system) / 1000;
  }
  const wall = times.reduce((a, b) => a + b, 0);
  return { times, cpu: cpu / 2, waiting: Math.max(0, wall - cpu) / 2 };
}

const range = (ms: number[]) => `${fmt(Math.min(...ms))}–${fmt(Math.max(...ms))} ms`;

async function main() {
  buildApp('api');
  const { name: dbName, url } = await benchDatabase('scale');
  let api: ReturnType<typeof startApp> | undefined;
  try {
    const database = openDatabase(url, { max: 4 });
    const { sql, db } = database;
    const series = expectedSeries();
    const perSymbol = [...series.values()].reduce((n, s) => n + s.length, 0);
    console.log(`full depth: ${[...series].map(([tf, s]) => `${tf} ${fmt(s.length)}`).join(', ')} = ${fmt(perSymbol)} bars a symbol; now ${NOW.toISOString()}`);
    const prefix = `bench-${randomBytes(3).toString('hex')}`;
    const producer = new Producer(createQueueBackend({ databaseUrl: url, prefix }), db);
    const port = await freePort();
    api = startApp('api', {
      DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', APP_API_KEYS: KEY,
      ADMIN_API_KEYS: randomBytes(24).toString('hex'), RATE_LIMIT_APP_PER_MINUTE: '100000000',
    });
    const base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok === true, 30_000);
    const auth = { authorization: `Bearer ${KEY}` };

    let have = 0;
    const rows: string[][] = [];
    for (const size of SIZES) {
      const tickers = Array.from({ length: size - have }, (_, i) => ticker(have + i));
      const ids = [...(await ensureSymbols(db, tickers)).values()];
      await addToWatchlist(db, tickers);
      let t0 = performance.now();
      const loaded = await load(sql, ids, series);
      const loadS = (performance.now() - t0) / 1000;
      t0 = performance.now();
      await sql`vacuum analyze bars`;
      await sql`analyze series_stats`;
      console.log(`\n${fmt(size)} symbols: COPY of ${fmt(loaded)} bars in ${fmt(loadS, 1)} s (${fmt(loaded / loadS)} rows/s), vacuum analyze ${fmt((performance.now() - t0) / 1000, 1)} s`);
      have = size;
      const all = Array.from({ length: size }, (_, i) => ticker(i));

      // The nightly sweep over the whole watchlist: complete, so it plans nothing and queues nothing.
      const sweep = await timed(async () => {
        const r = await ensureCoverage(
          { db, clock: marketClock, producer, now: NOW },
          { symbols: all, days: DEFAULT_POLICY.historyDays, kind: 'nightly', priority: Priority.Routine },
        );
        if (r.backfill) throw new Error(`the synthetic watchlist should be complete, but ${r.backfill.chunks} chunks were planned`);
      });
      const sweepBound = sweep.waiting > sweep.cpu ? 'the database (waiting on its statements)' : "the planner's CPU (one thread)";
      console.log(`coverage sweep planning: ${range(sweep.times)} (2 runs); planner CPU ${fmt(sweep.cpu)} ms, waiting ${fmt(sweep.waiting)} ms a run; bound: ${sweepBound}`);

      // data-health, a page of 100 symbols at several offsets.
      const apiCpu0 = processCpuSeconds(api.pid!);
      const health: number[] = [];
      for (let i = 0; i < 12; i++) {
        const offset = (i * 100) % size;
        const t = performance.now();
        const res = await fetch(`${base}/v1/data-health?limit=100&offset=${offset}`, { headers: auth });
        const body = (await res.json()) as { healthStatuses?: unknown[] };
        health.push(performance.now() - t);
        if (res.status !== 200 || body.healthStatuses?.length !== Math.min(100, size - offset) * 5) throw new Error(`data-health answered ${res.status} with ${body.healthStatuses?.length} statuses`);
      }
      const healthCpu = (processCpuSeconds(api.pid!) - apiCpu0) * 1000;
      // Sequential requests: what a page took beyond the api's CPU was spent waiting, mostly on the database.
      const healthWait = Math.max(0, health.reduce((a, b) => a + b, 0) - healthCpu);
      health.sort((a, b) => a - b);
      console.log(
        `data-health, 100 symbols × 5 timeframes: median ${fmt(health[6]!, 1)} ms, worst ${fmt(health[11]!, 1)} ms (12 pages); ` +
          `api CPU ${fmt(healthCpu / 12, 1)} ms, waiting ${fmt(healthWait / 12, 1)} ms a page; bound: ${healthCpu > healthWait ? 'api CPU' : 'the database (waiting on its statements)'}`,
      );

      // Chart under load: a year of d1 bars of a random watchlist symbol per request.
      const start = addDays(nyDate(NOW), -365);
      const machine = machineTicks();
      const apiCpu1 = processCpuSeconds(api.pid!);
      const client = process.cpuUsage();
      const active1 = await activeMs(sql, dbName);
      const chart = await autocannon({
        url: base, connections: CONNECTIONS, duration: SECONDS, headers: { ...auth, 'accept-encoding': 'br, gzip' },
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/v1/chart?symbol=${ticker(Math.floor(Math.random() * size))}&timeframe=d1&start=${start}` }) }],
      });
      const wall = SECONDS;
      await new Promise((r) => setTimeout(r, 1_100));
      const used = process.cpuUsage(client);
      const chartApi = processCpuSeconds(api.pid!) - apiCpu1;
      const chartDb = ((await activeMs(sql, dbName)) - active1) / 1000;
      const chartBound = boundOf(
        [
          { name: 'api CPU', share: chartApi / wall, detail: `${fmt(chartApi, 1)} CPU s` },
          { name: 'database', share: chartDb / (wall * 2), detail: `${fmt(chartDb, 1)} s of statements on 2 cores` },
          { name: 'load generator CPU', share: (used.user + used.system) / 1e6 / wall, detail: 'autocannon' },
        ],
        chartApi + (used.user + used.system) / 1e6,
        wall,
        busyBetween(machine, machineTicks()),
      );
      console.log(
        `chart under load (${CONNECTIONS} connections, ${SECONDS} s, random symbols): ${fmt(chart.requests.average)} req/s, ` +
          `p50 ${chart.latency.p50} ms, p99 ${chart.latency.p99} ms, ${chart.non2xx + chart.errors} errors; bound: ${chartBound.bound}`,
      );
      console.log(chartBound.lines.join('\n'));

      const [sizes] = await sql<{ bars: string; bars_index: string; stats: string; db: string }[]>`
        select pg_size_pretty(pg_table_size('bars')) as bars, pg_size_pretty(pg_indexes_size('bars')) as bars_index,
               pg_size_pretty(pg_total_relation_size('series_stats')) as stats, pg_size_pretty(pg_database_size(current_database())) as db`;
      console.log(`sizes: bars ${sizes!.bars} + index ${sizes!.bars_index}; series_stats ${sizes!.stats}; database ${sizes!.db}`);

      const writers = ids.slice(0, 100);
      const touch = await writeTouches(url, sql, writers);
      console.log(
        `one write (the next m15 bar of ${writers.length} symbols, one statement in a transaction): ${fmt(touch.ms, 1)} ms; stored bars read ${fmt(touch.tuplesRead)}, ` +
          `buffer accesses: bars and its key ${fmt(touch.barsBlocks)} (${fmt(touch.barsBlocks / writers.length, 1)} a bar), series_stats ${fmt(touch.statsBlocks)}; ` +
          `bound: index descents (a written bar touches its key's path, not the history)`,
      );
      rows.push([
        fmt(size), fmt(have * perSymbol), range(sweep.times), `${fmt(health[6]!, 0)} ms`, `${chart.latency.p99} ms`,
        `${sizes!.bars} + ${sizes!.bars_index}`, `${fmt(touch.tuplesRead)} / ${fmt(touch.barsBlocks / writers.length, 1)}`,
      ]);
    }
    console.log('\n| symbols | bars | sweep planning | data-health page | chart p99 | bars + index | a write: stored bars read / buffers a bar |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    await producer.close();
    await database.close();
  } finally {
    if (api) await stopApp(api);
    await dropDatabase(dbName);
  }
}

/**
 * One production write (as ingest makes it: inside the fetch's transaction), and what it touched
 * of `bars`, its key index and `series_stats`, read from this transaction's own statistics.
 */
async function writeTouches(url: string, sql: postgres.Sql, ids: number[]) {
  const w = openDatabase(url, { max: 1 });
  const [last] = await sql<{ ms: number }[]>`select (extract(epoch from max(ts)) * 1000)::float8 as ms from bars where timeframe = 'm15'`;
  const session = marketClock.nextSession(nyDate(new Date(last!.ms)));
  const next = marketClock.expectedBars('m15', session.open, session.close)[0]!;
  const t0 = performance.now();
  const touched = await w.db.transaction(async (tx) => {
    await upsertSeriesBatch(tx, { timeframe: 'm15', provider: 'bench', fetchedAt: new Date() }, ids.map((symbolId) => ({
      symbolId, bars: [{ ts: next, open: 10, high: 11, low: 9, close: 10.5, volume: 100, vwap: 10.2, tradeCount: 3 }], status: () => 'live' as const,
    })));
    const [row] = await tx.execute<{ rows: number; bars: number; stats: number }>(`
      select (pg_stat_get_xact_tuples_returned('bars'::regclass) + pg_stat_get_xact_tuples_fetched('bars'::regclass))::float8 as rows,
             (pg_stat_get_xact_blocks_fetched('bars'::regclass) + pg_stat_get_xact_blocks_fetched('bars_symbol_id_timeframe_ts_pk'::regclass))::float8 as bars,
             (pg_stat_get_xact_blocks_fetched('series_stats'::regclass) + pg_stat_get_xact_blocks_fetched('series_stats_symbol_id_timeframe_pk'::regclass))::float8 as stats`);
    return row!;
  });
  const ms = performance.now() - t0;
  await w.close();
  return { ms, tuplesRead: touched.rows, barsBlocks: touched.bars, statsBlocks: touched.stats };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
