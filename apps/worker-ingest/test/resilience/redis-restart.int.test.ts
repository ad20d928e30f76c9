import { addToWatchlist } from '@marketfleet/db';
import { createTestDatabase, expectAlive, type FakeAlpaca, killAll, type PrivateRedis, startApp, startFakeAlpaca, startRedis, type TestDatabase, until } from '@marketfleet/testing';
import { addDays, marketClock, nyDate, nyWallTime, type Timeframe } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import { duplicateBars, enqueueBackfill, jobRuns, seriesCounts, SYMBOLS, uniquePrefix, workerEnv } from './scenario';
import { measureCoverage } from '@marketfleet/ingest';

// Redis without persistence restarts in the middle of a backfill and comes back empty:
// every waiting chunk, every schedule and every lock is gone. Nobody re-queues anything
// by hand: the scheduler notices its schedules vanished, closes the lost job runs and
// queues a coverage sweep, which plans whatever is still missing.
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
    const restartedAt = new Date();
    await redis.restart();

    // Measured as the sweep after the restart sees it, a margin before the restart so that
    // bars closing while the test runs (during market hours) are not asked of it.
    const cutoff = new Date(restartedAt.getTime() - 30 * 60_000);
    await until('every watchlist series complete', () => missing(cutoff, nyDate(restartedAt)), (m) => m.length === 0, 60_000, 500);
    expectAlive(worker, scheduler);
    expect(scheduler.printed('"reason":"check"')).toBe(true);
    expect(await duplicateBars(db)).toBe(0);
    // Every stored bar was written by a recorded fetch.
    for (const c of await seriesCounts(db, SYMBOLS)) expect(c.ledgerWritten).toBeGreaterThanOrEqual(c.bars);

    // No chunk is left claiming to be queued or running: lost ones are closed as such.
    const chunks = await until(
      'every chunk job run to be final',
      () => db.execute<{ job_id: string; status: string; error: string | null }>(sql`
        select job_id, status, error from job_runs where name = 'backfill-chunk'`),
      (rows) => rows.every((r) => r.status === 'success' || r.status === 'failed'),
      30_000,
    );
    const lost = chunks.filter((r) => r.status === 'failed');
    expect(lost.length).toBeGreaterThan(0);
    for (const r of lost) expect(r.error).toMatch(/^lost:/);
    expect(scheduler.printed('job runs lost with the queue store closed as failed')).toBe(true);
  }, 120_000);
});
