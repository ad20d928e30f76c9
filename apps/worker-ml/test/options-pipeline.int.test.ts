import { randomBytes } from 'node:crypto';
import { addToWatchlist, ensureSymbols, latestRanks, optionChainStatuses, type Db } from '@marketfleet/db';
import { FIT_TASKS, startMlWorker, type ForecastDeps } from '@marketfleet/forecasting';
import { createQueueBackend, optionsSnapshot, optionsTick, Producer, type QueueBackend, type Worker } from '@marketfleet/jobs';
import { DEFAULT_POLICY, marketClock } from '@marketfleet/market';
import { createLogger, inlinePool } from '@marketfleet/runtime';
import { createTestDatabase, startSimIngestWorker, type TestDatabase, until } from '@marketfleet/testing';

const SYMBOLS = ['OPA', 'OPB'];

// The option pipeline in-process on real PostgreSQL and Redis: the tick queues scrapes on the
// market clock, the ingest worker stores chains, the ml worker ranks them; the nightly snapshot
// feeds IV statistics and, five sessions on, momentum.
describe('option pipeline', () => {
  let t: TestDatabase;
  let backend: QueueBackend;
  let producer: Producer;
  let now = new Date('2024-01-10T15:02:00Z');
  let workers: Worker[] = [];
  const db = (): Db => t.database.db;
  const logger = createLogger('test', 'silent');

  beforeAll(async () => {
    t = await createTestDatabase();
    backend = createQueueBackend({
      databaseUrl: t.url,
      redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      prefix: `mf-opt-${randomBytes(4).toString('hex')}`,
    });
    producer = new Producer(backend, t.database.db);
    await ensureSymbols(db(), SYMBOLS);
    await addToWatchlist(db(), SYMBOLS);
    const ml: ForecastDeps = { db: db(), clock: marketClock, policy: DEFAULT_POLICY, pool: inlinePool(FIT_TASKS), producer, now: () => now, logger };
    workers = [startSimIngestWorker({ db: db(), backend, producer, now: () => now }), startMlWorker(ml, { backend })];
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await producer?.close();
    await t?.drop();
  });

  const runs = (name: string) =>
    t.database.sql<{ status: string; detail: string | null }[]>`select status, detail from job_runs where name = ${name} order by created_at`;
  const settled = async (name: string, n: number) =>
    until(`${n} ${name} runs to finish`, () => runs(name), (rs) => rs.filter((r) => r.status === 'success' || r.status === 'skipped' || r.status === 'failed').length >= n, 60_000, 100);
  // A job id is reused once its job finished (job_runs keeps one row per id): wait on its state.
  const idle = async (name: string) =>
    until(`${name} jobs to finish`, () => t.database.sql`select 1 from job_runs where name = ${name} and status in ('queued', 'running')`, (r) => r.length === 0, 60_000, 100);
  const count = async (table: string) => Number((await t.database.sql.unsafe(`select count(*) as n from ${table}`))[0]!.n);

  test('an open session: near scrapes of the watchlist, each ranked; a run is one stable top 100', async () => {
    await producer.enqueue(optionsTick, {});
    await settled('options-tick', 1);
    await settled('options-scrape', 2);
    expect((await runs('options-scrape')).map((r) => r.status)).toEqual(['success', 'success']);
    const statuses = await optionChainStatuses(db());
    expect(statuses.map((s) => s.lastExpirations)).toEqual([4, 4]);
    await settled('options-rank', 2);
    const [aId] = (await ensureSymbols(db(), ['OPA'])).values();
    const latest = (await latestRanks(db(), aId!, 'entry', 200))!;
    expect(latest.run).toMatchObject({ trigger: 'scrape', sessionDate: '2024-01-10', referenceDate: null, ivStale: false });
    expect(latest.run.contractsScored).toBeGreaterThan(100);
    expect(latest.ranks).toHaveLength(100);
    expect(latest.ranks.map((r) => r.position)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const composites = latest.ranks.map((r) => r.composite);
    expect([...composites].sort((a, b) => b - a)).toEqual(composites);
    // The nearest expiry bucket gets its quota (5 under a week when listed), not the whole set.
    expect(latest.ranks.filter((r) => r.dte < 7).length).toBeLessThanOrEqual(100 - 30);
  }, 150_000);

  test('after the close a wider scrape; the nightly snapshot is one row per contract, idempotent; IV stats and a nightly ranking follow', async () => {
    now = new Date('2024-01-10T21:02:00Z');
    await producer.enqueue(optionsTick, {});
    await until('wide scrapes', () => optionChainStatuses(db()), (st) => st.every((x) => x.lastExpirations === 10), 60_000, 100);
    await idle('options-scrape');
    const quotes = await count('option_quotes');

    now = new Date('2024-01-10T22:30:00Z');
    await producer.enqueue(optionsSnapshot, {});
    await until('the snapshot', () => count('option_snapshots'), (n) => n > 0, 60_000, 100);
    await idle('options-snapshot');
    expect(await count('option_snapshots')).toBe(quotes);
    await producer.enqueue(optionsSnapshot, { session: '2024-01-10' });
    await idle('options-snapshot');
    expect(await count('option_snapshots')).toBe(quotes);
    await until('IV statistics', () => count('option_iv_stats'), (n) => n === 2, 60_000, 100);
    await until('nightly rankings', () => t.database.sql`select 1 from option_rank_runs where trigger = 'nightly'`, (r) => r.length === 2, 120_000, 100);
  }, 150_000);

  test('five sessions on, momentum compares against that snapshot', async () => {
    // 2024-01-15 is a holiday: the sessions after 01-10 are 11, 12, 16, 17, 18.
    now = new Date('2024-01-18T15:02:00Z');
    await producer.enqueue(optionsTick, {});
    await until('rankings of the new session', () => t.database.sql`select distinct symbol_id from option_rank_runs where session_date = '2024-01-18'`, (r) => r.length === 2, 120_000, 100);
    const [aId] = (await ensureSymbols(db(), ['OPA'])).values();
    const latest = (await latestRanks(db(), aId!, 'entry', 100))!;
    expect(latest.run).toMatchObject({ sessionDate: '2024-01-18', referenceDate: '2024-01-10', trigger: 'scrape' });
    // Contracts present in the reference have a price change measured against it.
    expect(latest.ranks.some((r) => r.priceMomentum !== 0)).toBe(true);
  }, 150_000);
});
