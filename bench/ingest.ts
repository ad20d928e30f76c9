// pnpm bench:ingest — m15 backfill of many symbols from a fake Alpaca server over HTTP
// (10,000-bar pages), through the queue and ingest worker processes into PostgreSQL,
// against the machine's own ceiling measured in the same run: COPY of the same rows
// into an empty table of the same shape.
//
// The quota of the fake and of the fleet is a paid plan's 10,000 requests a minute, so the run
// measures the pipeline rather than the pace of a free plan; it prints the bound it hit from what
// each resource used over the run (quota waits, worker CPU, the fake provider's CPU, the database's
// statement time and CPU).
//
// BENCH_SYMBOLS (100), BENCH_FROM/BENCH_TO (one year of sessions), BENCH_WORKERS (1),
// BENCH_CONCURRENCY (3), BENCH_QUOTA_RPM (10000), BENCH_DATABASE_URL (an admin URL; the local
// server), BENCH_REDIS_URL (queues on Redis; unset: on PostgreSQL).
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import { createDatabase as openDatabase, getJobRuns } from '@marketfleet/db';
import { backfillChunk, createQueueBackend, Producer } from '@marketfleet/jobs';
import { marketClock } from '@marketfleet/market';
import { createAlpacaProvider } from '@marketfleet/providers';
import { startFakeAlpaca } from '@marketfleet/testing';
import { activeMs, backendCpuSeconds, boundOf, busyBetween, cpuBetween, machineTicks, metricSum, processCpuSeconds } from './bounds';
import { benchDatabase, buildApp, dropDatabase, fmt, peakRssMb, startApp, stopApp, until } from './support';
import { planBackfill } from '@marketfleet/ingest';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 100);
const FROM = process.env.BENCH_FROM ?? '2023-07-01';
const TO = process.env.BENCH_TO ?? '2024-06-30';
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '3';
const REDIS_URL = process.env.BENCH_REDIS_URL;
const RPM = Number(process.env.BENCH_QUOTA_RPM ?? 10_000);
const METRICS_PORT = 9450 + Math.floor(Math.random() * 40);

async function main() {
  buildApp('worker-ingest');
  const symbols = Array.from({ length: SYMBOLS }, (_, i) => `B${String(i).padStart(4, '0')}`);
  const fake = await startFakeAlpaca({ seed: 11, extendedHours: false, requestsPerMinute: RPM });
  const { name: dbName, url } = await benchDatabase('ingest', { queues: !REDIS_URL });
  const workers: ReturnType<typeof startApp>[] = [];
  try {
    const chunks = planBackfill({ symbols, timeframes: ['m15'], from: FROM, to: TO }, { clock: marketClock });
    const expected = chunks.reduce((n, c) => n + c.expectedBars, 0);
    console.log(`${SYMBOLS} symbols × m15 ${FROM}..${TO}: ${fmt(expected)} bars in ${chunks.length} chunks`);

    // Warm the fake server's cache so the measurement is of our pipeline, not the sim.
    const warm = createAlpacaProvider({ dataUrl: fake.url, keyId: 'test-key', secret: 'test-secret' });
    for (const c of chunks) {
      const s = marketClock.sessionsBetween(c.from, c.to);
      await warm.fetchBars({ symbols: c.symbols, timeframes: ['m15'], from: s[0]!.open, to: s[s.length - 1]!.close });
    }

    const database = openDatabase(url, { max: 2 });
    const prefix = `bench-${randomBytes(3).toString('hex')}`;
    const backend = createQueueBackend({ databaseUrl: url, redisUrl: REDIS_URL, prefix });
    const producer = new Producer(backend, database.db);
    const ids: string[] = [];
    for (const c of chunks) ids.push((await producer.enqueue(backfillChunk, c)).jobId);
    fake.resetStats();

    for (let i = 0; i < WORKERS; i++) {
      workers.push(
        startApp('worker-ingest', {
          DATABASE_URL: url,
          ...(REDIS_URL ? { REDIS_URL } : {}),
          QUEUE_PREFIX: prefix,
          MARKET_DATA_PROVIDER: 'alpaca',
          ALPACA_DATA_URL: fake.url,
          ALPACA_KEY_ID: 'test-key',
          ALPACA_SECRET_KEY: 'test-secret',
          ALPACA_REQUESTS_PER_MINUTE: String(RPM),
          INGEST_CONCURRENCY: CONCURRENCY,
          METRICS_PORT: String(METRICS_PORT + i),
        }),
      );
    }
    let peak = 0;
    // Resources are read from the moment the first chunk starts (start-up is not the pipeline).
    let before: { at: number; machine: ReturnType<typeof machineTicks>; worker: number; fake: NodeJS.CpuUsage; db: Map<number, number>; active: number } | undefined;
    const workerCpu = () => workers.reduce((n, w) => n + (w.pid ? processCpuSeconds(w.pid) : 0), 0);
    await until(async () => {
      for (const w of workers) if (w.pid) peak = Math.max(peak, peakRssMb(w.pid));
      const runs = await getJobRuns(database.db, ids);
      if (!before && runs.some((r) => r.startedAt)) {
        before = { at: Date.now(), machine: machineTicks(), worker: workerCpu(), fake: process.cpuUsage(), db: await backendCpuSeconds(database.sql, dbName), active: await activeMs(database.sql, dbName) };
      }
      return runs.every((r) => r.status === 'success' || r.status === 'failed');
    }, 30 * 60_000, 200);
    const measuredSeconds = (Date.now() - before!.at) / 1000;
    const machineBusy = busyBetween(before!.machine, machineTicks());
    const workerSeconds = workerCpu() - before!.worker;
    const fakeUse = process.cpuUsage(before!.fake);
    const dbSeconds = cpuBetween(before!.db, await backendCpuSeconds(database.sql, dbName));
    let quotaWait = 0;
    for (let i = 0; i < WORKERS; i++) quotaWait += metricSum(await (await fetch(`http://127.0.0.1:${METRICS_PORT + i}/metrics`)).text(), 'marketfleet_provider_quota_wait_seconds_total');
    const runs = await getJobRuns(database.db, ids);
    for (const w of workers) if (w.pid) peak = Math.max(peak, peakRssMb(w.pid));
    await Promise.all(workers.map(stopApp));
    // Backends report their statement time as they close.
    await new Promise((r) => setTimeout(r, 1_500));
    const statementSeconds = (await activeMs(database.sql, dbName) - before!.active) / 1000;
    await producer.close();

    const failed = runs.filter((r) => r.status === 'failed');
    if (failed.length > 0) throw new Error(`${failed.length} chunks failed, e.g. ${failed[0]!.error}`);
    const start = Math.min(...runs.map((r) => r.startedAt!.getTime()));
    const end = Math.max(...runs.map((r) => r.finishedAt!.getTime()));
    const written = runs.reduce((n, r) => n + r.barsWritten, 0);
    const pipelineRate = written / ((end - start) / 1000);

    const copyRate = await copyCeiling(database.sql, written);
    await database.close();

    console.log(`provider requests: ${fake.stats.requests}, bars served: ${fmt(fake.stats.barsServed)}`);
    console.log(`pipeline:   ${fmt(pipelineRate)} bars/s (${fmt(written)} bars in ${fmt((end - start) / 1000, 1)} s, ${WORKERS} worker × concurrency ${CONCURRENCY}, queues on ${REDIS_URL ? 'Redis' : 'PostgreSQL'})`);
    console.log(`COPY:       ${fmt(copyRate)} rows/s (same rows into an empty table of the same shape, best of 3)`);
    console.log(`ratio:      ${fmt(pipelineRate / copyRate, 2)}`);
    console.log(`worker peak RSS: ${fmt(peak)} MB`);
    const slots = WORKERS * Number(CONCURRENCY) * measuredSeconds;
    const fakeSeconds = (fakeUse.user + fakeUse.system) / 1e6;
    const { bound, lines } = boundOf(
      [
        { name: 'quota', share: quotaWait / slots, detail: `${fmt(quotaWait, 1)} s of job time waiting for a slot of ${fmt(RPM)}/min` },
        { name: 'worker CPU', share: workerSeconds / (WORKERS * measuredSeconds), detail: `${fmt(workerSeconds, 1)} CPU s over ${fmt(measuredSeconds, 1)} s, ${WORKERS} process` },
        { name: 'provider', share: fakeSeconds / measuredSeconds, detail: `the fake server's CPU, ${fmt(fakeSeconds, 1)} s, one thread` },
        { name: 'database', share: statementSeconds / slots, detail: `${fmt(statementSeconds, 1)} s of statements in ${fmt(slots, 1)} s of job slots; backends' CPU ${fmt(dbSeconds, 1)} s` },
      ],
      workerSeconds + fakeSeconds + dbSeconds,
      measuredSeconds,
      machineBusy,
    );
    console.log(`resources over the run:\n${lines.join('\n')}`);
    console.log(`bound: ${bound}`);
  } finally {
    for (const w of workers) await stopApp(w);
    await fake.close();
    await dropDatabase(dbName);
  }
}

/**
 * COPY the stored bars back into a fresh table with the same columns, keys and indexes,
 * three times; the best run is the ceiling (so noise can only lower the ratio).
 */
async function copyCeiling(sql: postgres.Sql, expectedRows: number): Promise<number> {
  // The rows as COPY text, read with a cursor (COPY TO STDOUT streams intermittently stalled here).
  const chunks: Buffer[] = [];
  const text = (v: unknown) => (v === null ? '\\N' : v instanceof Date ? v.toISOString() : String(v));
  for await (const rows of sql`select * from bars`.cursor(20_000)) {
    chunks.push(Buffer.from(rows.map((r) => `${Object.values(r).map(text).join('\t')}\n`).join('')));
  }
  let best = 0;
  for (let run = 0; run < 3; run++) best = Math.max(best, await copyOnce(sql, chunks, expectedRows));
  return best;
}

async function copyOnce(sql: postgres.Sql, chunks: Buffer[], expectedRows: number): Promise<number> {
  await sql`drop table if exists bars_copy`;
  await sql`create table bars_copy (like bars including all)`;
  const started = process.hrtime.bigint();
  const writable = await sql`copy bars_copy from stdin`.writable();
  await pipeline(
    (async function* () {
      yield* chunks;
    })(),
    writable,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from bars_copy`;
  const n = row?.n ?? 0;
  if (n !== expectedRows) throw new Error(`COPY wrote ${n} rows, expected ${expectedRows}`);
  return n / seconds;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
