import { randomBytes } from 'node:crypto';
import { addToWatchlist, optionChainStatuses } from '@marketfleet/db';
import { createQueueBackend, optionsScrape, optionsSnapshot, Producer } from '@marketfleet/jobs';
import { addDays, marketClock, nyDate } from '@marketfleet/market';
import {
  createTestDatabase,
  exitWithin,
  expectAlive,
  killAll,
  signal,
  startApp,
  startFakeAlpaca,
  type FakeAlpaca,
  type TestDatabase,
  until,
} from '@marketfleet/testing';

// worker-ingest as it runs in production, on real PostgreSQL and Redis: a worker killed in the
// middle of a scrape (slow, short pages) loses the job to another worker, which scrapes the chain
// again; the nightly snapshot then holds exactly one row per contract, however often it runs.
describe('a killed worker’s option scrape', () => {
  let t: TestDatabase;
  let fake: FakeAlpaca;
  let producer: Producer;
  const prefix = `mf-opt-kill-${randomBytes(4).toString('hex')}`;
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

  beforeAll(async () => {
    t = await createTestDatabase();
    // 50-contract pages, each answered after 400 ms: a chain takes seconds to page through.
    fake = await startFakeAlpaca({ seed: 5, maxPageSize: 50, latencyMs: 400 });
    producer = new Producer(createQueueBackend({ databaseUrl: t.url, redisUrl, prefix }), t.database.db);
    await addToWatchlist(t.database.db, ['KILL']);
  });
  afterAll(async () => {
    await killAll();
    await producer?.close();
    await fake?.close();
    await t?.drop();
  });

  const env = () => ({
    DATABASE_URL: t.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, METRICS_PORT: '0', LOCK_DURATION_MS: '3000', LOG_LEVEL: 'info',
    MARKET_DATA_PROVIDER: 'alpaca', ALPACA_DATA_URL: fake.url, ALPACA_TRADING_URL: fake.url, ALPACA_KEY_ID: 'test-key',
    ALPACA_SECRET_KEY: 'test-secret',
  });
  const scrapeStatus = async () => (await t.database.sql`select status from job_runs where name = 'options-scrape'`)[0]?.status;

  test('is taken over and finishes; the snapshot has one row per contract', async () => {
    // The latest session (today's on a session day), so the test runs on weekends too.
    const today = nyDate(new Date());
    const session = marketClock.sessionsBetween(addDays(today, -10), today).at(-1)!.date;
    await producer.enqueue(optionsScrape, { symbol: 'KILL', expirations: 8, session, reason: 'close' });
    const first = startApp('worker-ingest', 'ingest-1', env());
    await until('worker-ingest-1 paging through the chain', () => Promise.resolve(fake.stats.requests), (n) => n >= 2, 30_000, 50);
    expect(await scrapeStatus()).toBe('running');
    signal(first, 'SIGKILL');
    expect((await exitWithin(first, 5_000)).signal).toBe('SIGKILL');
    expect(await t.database.sql`select 1 from option_quotes`).toHaveLength(0);

    const second = startApp('worker-ingest', 'ingest-2', env());
    await until('the scrape to finish on worker-ingest-2', scrapeStatus, (s) => s === 'success', 90_000);
    expectAlive(second);
    expect(second.printed('job stalled')).toBe(true);
    const [status] = await optionChainStatuses(t.database.db);
    expect(status!.lastContracts).toBeGreaterThan(100);
    const quotes = (await t.database.sql<{ n: number }[]>`select count(*)::int as n from option_quotes`)[0]!.n;
    expect(quotes).toBe(status!.lastContracts);

    // The nightly snapshot twice (retried, or run again by hand): still one row per contract.
    for (const _ of [1, 2]) {
      const { jobId } = await producer.enqueue(optionsSnapshot, { session });
      await until('the snapshot', async () => (await t.database.sql`select status from job_runs where job_id = ${jobId}`)[0]?.status, (s) => s === 'success' || s === 'skipped', 30_000);
    }
    const [snap] = await t.database.sql<{ n: number; contracts: number }[]>`
      select count(*)::int as n, count(distinct contract)::int as contracts from option_snapshots where session_date = ${session}::date`;
    expect(snap).toEqual({ n: quotes, contracts: quotes });
  }, 150_000);
});
