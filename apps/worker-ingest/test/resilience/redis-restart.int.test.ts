import { addToWatchlist } from '@marketfleet/db';
import { createTestDatabase, expectAlive, type FakeAlpaca, killAll, type PrivateRedis, startApp, startFakeAlpaca, startRedis, type TestDatabase, until } from '@marketfleet/testing';
import { addDays, marketClock, nyDate, nyWallTime, type Timeframe } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import { allSucceeded, duplicateBars, enqueueBackfill, jobRuns, seriesCounts, SYMBOLS, uniquePrefix, workerEnv } from './scenario';
import { measureCoverage } from '@marketfleet/ingest';

// Redis without persistence restarts in the middle of a backfill and comes back empty:
// every waiting chunk, every schedule and every lock is gone. Nobody re-queues anything
// by hand: the scheduler's check finds the job runs still queued or running that the queue
// store no longer has, and queues them again with their ids and payloads from job_runs.
const HISTORY: Record<Timeframe, number> = { m15: 14, h1: 14, h4: 14, d1: 20, w1: 20 };
const historyEnv = Object.fromEntries(Object.entries(HISTORY).map(([tf, d]) => [`HISTORY_DAYS_${tf.toUpperCase()}`, String(d)]));

describe('Redis restart mid-backfill (queues on Redis, nothing persisted)', () => {
  let t: TestDatabase;
  let fake: FakeAlpaca;
  let redis: PrivateRedis;

  beforeAll(async () => {
    t = await createTestDatabase();
    fake = await startFakeAlpaca({ seed: 14, latencyMs: 800 });
    redis = await startRedis();
  });
  afterAll(async () => {
    await killAll();
    await fake?.close();
    await redis?.stop();
    await t?.drop();
  });

  /** Per series of the watchlist, expected bars (closed by `now`) that are not stored. */
  async function missing(now: Date, sweepDay: string) {
    const ids = new Map((await t.database.db.execute<{ ticker: string; id: number }>(sql`select ticker, id from symbols`)).map((r) => [r.ticker, r.id]));
    const windows = Object.fromEntries(Object.entries(HISTORY).map(([tf, d]) => [tf, nyWallTime(addDays(sweepDay, -d), '00:00')]));
    const coverage = await measureCoverage(t.database.db, marketClock, { symbols: ids, windows, now });
    return coverage.filter((c) => c.stored !== c.expected || c.expected === 0).map((c) => `${c.symbol} ${c.timeframe} ${c.stored}/${c.expected}`);
  }

  test('the scheduler brings the lost work back and the data ends complete', async () => {
    const db = t.database.db;
    await addToWatchlist(db, SYMBOLS);
    const queue = { databaseUrl: t.url, redisUrl: redis.url, prefix: uniquePrefix('redis') };
    // A backfill of the intraday window in small chunks, so that plenty are waiting when Redis goes.
    const today = nyDate(new Date());
    const window = { symbols: SYMBOLS, timeframes: ['m15', 'h1', 'h4'] as Timeframe[], from: addDays(today, -HISTORY.m15), to: today };
    const { jobIds } = await enqueueBackfill(db, queue, window, 80);
    const env = workerEnv({ ...queue, alpacaUrl: fake.url, extra: { ...historyEnv, INGEST_CONCURRENCY: '1' } });
    const worker = startApp('worker-ingest', 'worker', env);
    const scheduler = startApp('scheduler', 'scheduler', { ...env, SCHEDULE_CHECK_MS: '1000' });

    await until(
      'some chunks done while others still wait',
      () => jobRuns(db, jobIds),
      (runs) => runs.filter((r) => r.status === 'success').length >= 2 && runs.filter((r) => r.status === 'queued').length >= 3,
      30_000,
      50,
    );
    // The chunks finished before the restart: none of them may be fetched again.
    const finished = (await jobRuns(db, jobIds)).filter((r) => r.status === 'success');
    const restartedAt = new Date();
    await redis.restart();

    // Every chunk of the backfill ends done: the lost ones were queued again as they were.
    const runs = await until('every chunk to succeed', () => jobRuns(db, jobIds), (rs) => allSucceeded(rs, jobIds.length), 60_000, 500);
    expect(scheduler.printed('jobs lost with the queue store queued again')).toBe(true);
    const ledger = await db.execute<{ job_id: string; n: number; after: number }>(sql`
      select job_id, count(*)::int as n, count(*) filter (where started_at > ${restartedAt.toISOString()}::timestamptz)::int as after
      from fetch_ledger where job_id = any(${`{${finished.map((r) => r.job_id).join(',')}}`}::text[]) group by job_id`);
    expect(ledger.map((l) => [l.job_id, l.after]).sort()).toEqual(finished.map((r) => [r.job_id, 0]).sort());
    expect(runs.filter((r) => finished.some((f) => f.job_id === r.job_id)).map((r) => [r.job_id, r.attempts]).sort())
      .toEqual(finished.map((r) => [r.job_id, r.attempts]).sort());

    // Measured as the sweep after the restart sees it, a margin before the restart so that
    // bars closing while the test runs (during market hours) are not asked of it.
    const cutoff = new Date(restartedAt.getTime() - 30 * 60_000);
    await until('every watchlist series complete', () => missing(cutoff, nyDate(restartedAt)), (m) => m.length === 0, 60_000, 500);
    expectAlive(worker, scheduler);
    expect(await duplicateBars(db)).toBe(0);
    // Every stored bar was written by a recorded fetch.
    for (const c of await seriesCounts(db, SYMBOLS)) expect(c.ledgerWritten).toBeGreaterThanOrEqual(c.bars);
  }, 120_000);
});
