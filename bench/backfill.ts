// pnpm bench:backfill — a watchlist's full history (m15 60 days, h1 2 years, d1 10 years)
// from a fake Alpaca server with a request quota, through worker-ingest processes sharing
// the fleet-wide quota. Prints the requests made against the minimum for that data at
// 10,000 bars a page, quota utilisation while work was waiting, 429s, and wall time
// against the quota's theoretical minimum.
//
// BENCH_SYMBOLS (100), BENCH_QUOTA_RPM (200, Alpaca's free plan), BENCH_WORKERS (2), BENCH_CONCURRENCY (3),
// BENCH_DATABASE_URL (an admin URL; the local server), BENCH_REDIS_URL (queues on Redis).
import { randomBytes } from 'node:crypto';
import { addToWatchlist, createDatabase as openDatabase, getJobRuns, backfillChunkStatuses } from '@marketfleet/db';
import { createQueueBackend, Producer } from '@marketfleet/jobs';
import { marketClock } from '@marketfleet/market';
import { startFakeAlpaca } from '@marketfleet/testing';
import { processCpuSeconds } from './bounds';
import { benchDatabase, buildApp, dropDatabase, fmt, peakRssMb, startApp, stopApp, until } from './support';
import { ensureCoverage, Priority } from '@marketfleet/ingest';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 100);
const RPM = Number(process.env.BENCH_QUOTA_RPM ?? 200);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '3';
const REDIS_URL = process.env.BENCH_REDIS_URL;
const NOW = new Date('2024-12-31T23:00:00Z');
const PAGE = 10_000;

async function main() {
  buildApp('worker-ingest');
  const symbols = Array.from({ length: SYMBOLS }, (_, i) => `W${String(i).padStart(4, '0')}`);
  const fake = await startFakeAlpaca({ seed: 5, extendedHours: false, requestsPerMinute: RPM, now: () => NOW });
  const { name: dbName, url } = await benchDatabase('backfill', { queues: !REDIS_URL });
  const workers: ReturnType<typeof startApp>[] = [];
  try {
    const database = openDatabase(url, { max: 3 });
    const prefix = `bench-${randomBytes(3).toString('hex')}`;
    const backend = createQueueBackend({ databaseUrl: url, redisUrl: REDIS_URL, prefix });
    const producer = new Producer(backend, database.db);
    await addToWatchlist(database.db, symbols);
    const { backfill } = await ensureCoverage(
      { db: database.db, clock: marketClock, producer, now: NOW },
      { symbols, days: { m15: 60, h1: 730, d1: 3650 }, kind: 'deep', priority: Priority.Deep },
    );
    if (!backfill) throw new Error('nothing to backfill');
    const chunks = await backfillChunkStatuses(database.db, backfill.id);
    // Requests cannot mix source timeframes, so the floor is a page count per family.
    const families = new Map<string, number>();
    for (const c of chunks) families.set(c.timeframes.join(','), (families.get(c.timeframes.join(',')) ?? 0) + c.expectedBars);
    const minimum = [...families.values()].reduce((n, bars) => n + Math.ceil(bars / PAGE), 0);
    console.log(
      `${SYMBOLS} symbols, m15 60 days + h1 2 years + d1 10 years: ${fmt(backfill.expectedBars)} provider bars ` +
        `(${[...families].map(([f, n]) => `${f}: ${fmt(n)}`).join(', ')}) in ${chunks.length} chunks; quota ${RPM}/min`,
    );

    fake.resetStats();
    fake.resetRateLimits();
    const started = Date.now();
    for (let i = 0; i < WORKERS; i++) {
      workers.push(
        startApp('worker-ingest', {
          DATABASE_URL: url, ...(REDIS_URL ? { REDIS_URL } : {}), QUEUE_PREFIX: prefix,
          MARKET_DATA_PROVIDER: 'alpaca', ALPACA_DATA_URL: fake.url, ALPACA_KEY_ID: 'test-key', ALPACA_SECRET_KEY: 'test-secret',
          ALPACA_REQUESTS_PER_MINUTE: String(RPM), INGEST_CONCURRENCY: CONCURRENCY,
        }),
      );
    }
    let peak = 0;
    const ids = chunks.map((c) => c.jobId);
    await until(async () => {
      for (const w of workers) if (w.pid) peak = Math.max(peak, peakRssMb(w.pid));
      const runs = await getJobRuns(database.db, ids);
      return runs.length === ids.length && runs.every((r) => r.status === 'success' || r.status === 'failed');
    }, 60 * 60_000, 250);
    const wall = (Date.now() - started) / 1000;
    const workerCpu = workers.reduce((n, w) => n + (w.pid ? processCpuSeconds(w.pid) : 0), 0);
    const runs = await getJobRuns(database.db, ids);
    await Promise.all(workers.map(stopApp));
    await producer.close();
    await database.close();

    const failed = runs.filter((r) => r.status === 'failed');
    if (failed.length > 0) throw new Error(`${failed.length} chunks failed, e.g. ${failed[0]!.error}`);
    const requests = fake.stats.requests;
    const times = fake.stats.log.map((l) => l.at).sort((a, b) => a - b);
    // While work waits, the last chunk has not started: utilisation over that stretch.
    const lastStart = Math.max(...runs.map((r) => r.startedAt!.getTime()));
    const busy = times.filter((t) => t <= lastStart);
    const span = (busy[busy.length - 1]! - busy[0]!) / 1000;
    const utilisation = (busy.length - 1) / ((span * RPM) / 60);
    const floor = (minimum / RPM) * 60;
    console.log(`provider requests: ${requests} for a minimum of ${minimum} at ${fmt(PAGE)} bars a page (ratio ${fmt(requests / minimum, 2)})`);
    console.log(`quota utilisation while work was waiting: ${fmt(utilisation, 2)} (${busy.length} requests in ${fmt(span, 1)} s at ${RPM}/min)`);
    console.log(`429 responses: ${fake.stats.byStatus['429'] ?? 0}`);
    console.log(`wall time: ${fmt(wall, 1)} s against the quota's theoretical minimum of ${fmt(floor, 1)} s (${fmt(wall / floor, 2)}×)`);
    // Paced work keeps the quota busy while chunks wait; anything else would leave it idle.
    const cpuShare = workerCpu / (wall * WORKERS);
    console.log(
      `bound: ${utilisation >= 0.85 ? 'the quota' : cpuShare >= 0.85 ? 'worker CPU' : 'neither the quota nor worker CPU (the database or the provider)'} ` +
        `(quota ${fmt(utilisation * 100)} % used while work waited; workers' CPU ${fmt(cpuShare * 100)} % of ${WORKERS} cores, start-up included)`,
    );
    console.log(`bars written: ${fmt(runs.reduce((n, r) => n + r.barsWritten, 0))}; workers: ${WORKERS} × concurrency ${CONCURRENCY}, queues on ${REDIS_URL ? 'Redis' : 'PostgreSQL'}; peak RSS ${fmt(peak)} MB`);
  } finally {
    for (const w of workers) await stopApp(w);
    await fake.close();
    await dropDatabase(dbName);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
