// pnpm bench:options — option chains of many underlyings scraped from a fake Alpaca server over
// HTTP (1,000-contract pages, the fleet-wide quota at 200 requests a minute) by worker-ingest
// processes and ranked by a worker-ml process, then the nightly snapshot written, against the
// machine's own ceiling measured in the same run: COPY of the same rows into an empty table of
// the same shape.
//
// The fake lists every chain as a heavily traded name's (LARGE_CHAIN_LISTING: about 2,000 contracts,
// two to four snapshot pages), so paging is measured at the scale of real large chains.
//
// BENCH_UNDERLYINGS (20), BENCH_EXPIRATIONS (60: every listed expiration), BENCH_QUOTA (200
// requests a minute), BENCH_LISTING (large; standard: the sim's ordinary listing, about 600
// contracts), BENCH_DATABASE_URL (an admin URL; the local server), BENCH_REDIS_URL (queues on
// Redis; unset: on PostgreSQL).
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import {
  addToWatchlist,
  createDatabase as openDatabase,
  getJobRuns,
  optionChainStatuses,
  writeOptionSnapshot,
} from '@marketfleet/db';
import { createQueueBackend, optionsScrape, Producer } from '@marketfleet/jobs';
import { nyDate } from '@marketfleet/market';
import { createOptionChainProvider } from '@marketfleet/providers';
import { LARGE_CHAIN_LISTING, type SimListing } from '@marketfleet/providers/sim';
import { startFakeAlpaca } from '@marketfleet/testing';
import { benchDatabase, buildApp, dropDatabase, fmt, peakRssMb, startApp, stopApp, until } from './support';

const UNDERLYINGS = Number(process.env.BENCH_UNDERLYINGS ?? 20);
const EXPIRATIONS = Number(process.env.BENCH_EXPIRATIONS ?? 60);
const QUOTA = Number(process.env.BENCH_QUOTA ?? 200);
const REDIS_URL = process.env.BENCH_REDIS_URL;
const LISTINGS: Record<string, SimListing> = { large: LARGE_CHAIN_LISTING, standard: {} };
const LISTING = process.env.BENCH_LISTING ?? 'large';
/** Contracts per snapshot page and per contracts page (open interest) the Alpaca provider asks for (the APIs' maxima). */
const PAGE = 1000;
const CONTRACTS_PAGE = 10_000;
/** The targets this bench checks. */
const BOUNDS = { requestsOverMinimum: 1.1, snapshotOverCopy: 0.3, workerPeakMb: 400 };

async function main() {
  const listing = LISTINGS[LISTING];
  if (listing === undefined) throw new Error(`BENCH_LISTING must be one of ${Object.keys(LISTINGS).join(', ')}, got ${LISTING}`);
  buildApp('worker-ingest');
  buildApp('worker-ml');
  const symbols = Array.from({ length: UNDERLYINGS }, (_, i) => `O${String(i).padStart(4, '0')}`);
  const fake = await startFakeAlpaca({ seed: 11, optionListing: listing });
  const { name: dbName, url } = await benchDatabase('options', { queues: !REDIS_URL });
  const workers: ReturnType<typeof startApp>[] = [];
  try {
    const database = openDatabase(url, { max: 2 });
    await addToWatchlist(database.db, symbols);
    const prefix = `bench-${randomBytes(3).toString('hex')}`;
    const backend = createQueueBackend({ databaseUrl: url, redisUrl: REDIS_URL, prefix });
    const producer = new Producer(backend, database.db);
    const session = nyDate(new Date());
    const queue = { ...(REDIS_URL ? { REDIS_URL } : {}), DATABASE_URL: url, QUEUE_PREFIX: prefix };
    const alpaca = {
      MARKET_DATA_PROVIDER: 'alpaca', ALPACA_DATA_URL: fake.url, ALPACA_TRADING_URL: fake.url, ALPACA_KEY_ID: 'test-key',
      ALPACA_SECRET_KEY: 'test-secret', ALPACA_REQUESTS_PER_MINUTE: String(QUOTA),
    };
    // Warm the fake server's chain cache so the measurement is of our pipeline, not the sim's pricing.
    const warm = createOptionChainProvider({ provider: 'alpaca', alpaca: { dataUrl: fake.url, tradingUrl: fake.url, keyId: 'test-key', secret: 'test-secret' } });
    for (const symbol of symbols) await warm.fetchChain({ underlying: symbol, expirations: EXPIRATIONS, asOf: session });
    workers.push(startApp('worker-ingest', { ...queue, ...alpaca, INGEST_CONCURRENCY: '2' }));
    workers.push(startApp('worker-ml', { ...queue, ML_CONCURRENCY: '1' }));
    fake.resetStats();

    const started = Date.now();
    const ids: string[] = [];
    for (const symbol of symbols) {
      ids.push((await producer.enqueue(optionsScrape, { symbol, expirations: EXPIRATIONS, session, reason: 'close' })).jobId);
    }
    let peak = 0;
    const sample = () => {
      for (const w of workers) if (w.pid) peak = Math.max(peak, peakRssMb(w.pid));
    };
    await until(async () => {
      sample();
      return (await getJobRuns(database.db, ids)).every((r) => r.status === 'success' || r.status === 'failed');
    }, 30 * 60_000, 200);
    const scraped = Date.now();
    const runs = await getJobRuns(database.db, ids);
    const failed = runs.filter((r) => r.status === 'failed');
    if (failed.length > 0) throw new Error(`${failed.length} scrapes failed, e.g. ${failed[0]!.error}`);
    await until(async () => {
      sample();
      const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from option_rank_runs`;
      return row!.n >= UNDERLYINGS;
    }, 30 * 60_000, 200);
    const ranked = Date.now();
    sample();
    await Promise.all(workers.map(stopApp));
    await producer.close();

    const statuses = await optionChainStatuses(database.db);
    const received = statuses.map((s) => s.lastContracts + s.lastQuarantined);
    const contracts = received.reduce((a, b) => a + b, 0);
    // Per chain: the snapshot pages, and the contracts pages that carry open interest.
    const minimum = received.reduce((n, c) => n + Math.max(1, Math.ceil(c / PAGE)) + Math.max(1, Math.ceil(c / CONTRACTS_PAGE)), 0);
    const requests = fake.stats.requests;
    // The fleet quota spaces requests evenly at 95 % of the plan (GCRA), with a burst of slots an
    // idle moment left unused: the least time these requests can take through it.
    const perWindow = Math.floor(QUOTA * 0.95);
    const interval = 60 / (QUOTA * 0.95);
    const burst = Math.floor((QUOTA * 0.05) / 2);
    const quotaSeconds = Math.max(0, requests - 1 - burst) * interval;
    const [rank] = await database.sql<{ ms: number; scored: number }[]>`
      select sum(duration_ms)::int as ms, sum(contracts_scored)::int as scored from option_rank_runs`;

    const snapshot = await snapshotRate(database, session, statuses.map((s) => s.symbolId), new Date(started - 60_000));
    const copy = await copyCeiling(database.sql, snapshot.rows);
    // Measured on the COPY's fresh table: the snapshot's partition carries the benchmark's deleted runs.
    const [size] = await database.sql<{ bytes: number; quotes: number }[]>`
      select pg_total_relation_size('snapshot_copy')::float8 as bytes, pg_total_relation_size('option_quotes')::float8 as quotes`;
    await database.close();

    const check = (ok: boolean) => (ok ? 'within' : 'OUT OF BOUND');
    const ratio = requests / minimum;
    const paged = received.filter((c) => c > PAGE).length;
    console.log(`${UNDERLYINGS} underlyings × ${EXPIRATIONS} expirations, ${LISTING} listing: ${fmt(contracts)} contracts (${fmt(contracts / UNDERLYINGS)} per underlying; min ${fmt(Math.min(...received))}, max ${fmt(Math.max(...received))}); ${paged} of ${received.length} chains span 2+ snapshot pages`);
    console.log(`requests:   ${requests} against a page minimum of ${minimum} (${fmt(ratio, 2)}×; bound ≤ ${BOUNDS.requestsOverMinimum}×: ${check(ratio <= BOUNDS.requestsOverMinimum)})`);
    // From the first scrape's start to the last one's end: the workers' start-up is not the pipeline.
    const scrapeSeconds = (Math.max(...runs.map((r) => r.finishedAt!.getTime())) - Math.min(...runs.map((r) => r.startedAt!.getTime()))) / 1000;
    const bound = quotaSeconds > 0 && scrapeSeconds < quotaSeconds * 1.2 ? 'the quota' : 'the workers (fetch, parse, screen, write)';
    console.log(`scrape:     ${fmt(scrapeSeconds, 1)} s for all chains; the quota (${fmt(perWindow)} a minute) alone needs ${fmt(quotaSeconds, 1)} s for ${requests} requests: bound by ${bound}`);
    console.log(`ranking:    ${fmt((rank!.ms / rank!.scored) * 1000, 1)} ms per 1,000 contracts (${fmt(rank!.scored)} scored in ${UNDERLYINGS} runs; ${fmt((ranked - scraped) / 1000, 1)} s after the last scrape)`);
    const over = snapshot.rate / copy;
    console.log(`snapshot:   ${fmt(snapshot.rate)} rows/s (${fmt(snapshot.rows)} rows, best of 3)`);
    console.log(`storage:    ${fmt(size!.bytes / snapshot.rows)} bytes per snapshot row and ${fmt(size!.quotes / contracts)} per latest quote, indexes included`);
    console.log(`COPY:       ${fmt(copy)} rows/s (same rows into an empty table of the same shape, best of 3)`);
    console.log(`ratio:      ${fmt(over, 2)} (bound ≥ ${BOUNDS.snapshotOverCopy}: ${check(over >= BOUNDS.snapshotOverCopy)})`);
    console.log(`worker peak RSS: ${fmt(peak)} MB (bound < ${BOUNDS.workerPeakMb} MB: ${check(peak < BOUNDS.workerPeakMb)})`);
  } finally {
    for (const w of workers) await stopApp(w);
    await fake.close();
    await dropDatabase(dbName);
  }
}

/** The nightly snapshot statement on the stored quotes, three times into an emptied partition. */
async function snapshotRate(database: ReturnType<typeof openDatabase>, session: string, ids: number[], since: Date) {
  let best = 0;
  let rows = 0;
  for (let run = 0; run < 3; run++) {
    await database.sql`delete from option_snapshots where session_date = ${session}::date`;
    const t0 = process.hrtime.bigint();
    const written = await writeOptionSnapshot(database.db, session, ids, since);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    rows = [...written.values()].reduce((a, b) => a + b, 0);
    best = Math.max(best, rows / seconds);
  }
  return { rows, rate: best };
}

/** COPY the snapshot rows into a fresh table like the session's partition (keys and indexes too), best of 3. */
async function copyCeiling(sql: postgres.Sql, expectedRows: number): Promise<number> {
  const text = (v: unknown) => (v === null ? '\\N' : v instanceof Date ? v.toISOString() : String(v));
  const chunks: Buffer[] = [];
  for await (const rows of sql`select * from option_snapshots`.cursor(20_000)) {
    chunks.push(Buffer.from(rows.map((r) => `${Object.values(r).map(text).join('\t')}\n`).join('')));
  }
  const [part] = await sql<{ name: string }[]>`select tableoid::regclass::text as name from option_snapshots limit 1`;
  let best = 0;
  for (let run = 0; run < 3; run++) {
    await sql`drop table if exists snapshot_copy`;
    await sql.unsafe(`create table snapshot_copy (like ${part!.name} including all)`);
    const t0 = process.hrtime.bigint();
    const writable = await sql`copy snapshot_copy from stdin`.writable();
    await pipeline(
      (async function* () {
        yield* chunks;
      })(),
      writable,
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from snapshot_copy`;
    if (row!.n !== expectedRows) throw new Error(`COPY wrote ${row!.n} rows, expected ${expectedRows}`);
    best = Math.max(best, row!.n / seconds);
  }
  return best;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
