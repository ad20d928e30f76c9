import { createDatabase, runMigrations, type Database } from '@marketfleet/db';
import { migrateQueueSchema } from '@marketfleet/jobs';
import { expectAlive, type FakeAlpaca, holdTableLock, killAll, type PrivatePostgres, startApp, startFakeAlpaca, startPrivatePostgres, until } from '@marketfleet/testing';
import { sql } from 'drizzle-orm';
import { allSucceeded, enqueueBackfill, expectCompleteAndConsistent, jobRuns, uniquePrefix, workerEnv } from './scenario';

async function withDb<T>(url: string, use: (db: Database['db']) => Promise<T>): Promise<T> {
  const d = createDatabase(url, { max: 1, appName: 'resilience-test' });
  try {
    return await use(d.db);
  } finally {
    await d.close();
  }
}

/** Worker connections blocked on a lock, i.e. inside a transaction that has begun writing. */
async function waitingWriters(db: Database['db']): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from pg_stat_activity
    where application_name = 'marketfleet-worker-ingest' and wait_event_type = 'Lock'`);
  return row!.n;
}

// The embedded default: one PostgreSQL holds the data and the queues. It restarts in
// the middle of a backfill; the same worker processes reconnect and finish the work.
describe('PostgreSQL restart mid-backfill (data and queues in PostgreSQL)', () => {
  let pg: PrivatePostgres;
  let fake: FakeAlpaca;
  let lock: { release(): Promise<void> } | undefined;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    await runMigrations(pg.url);
    await migrateQueueSchema(pg.url);
    fake = await startFakeAlpaca({ seed: 13, latencyMs: 1_000 });
  }, 90_000);
  afterAll(async () => {
    await killAll();
    await lock?.release();
    await fake?.close();
    await pg?.destroy();
  });

  test('every chunk completes with no process restarted by hand', async () => {
    const queue = { databaseUrl: pg.url, prefix: uniquePrefix('pg') };
    const { jobIds } = await withDb(pg.url, (db) => enqueueBackfill(db, queue));
    // Each look at the database through a client of its own: a pooled one that lives
    // through the restart may be broken by it (the driver defect the workers are guarded against).
    const runs = () => withDb(pg.url, (db) => jobRuns(db, jobIds));
    const env = workerEnv({ ...queue, alpacaUrl: fake.url, extra: { INGEST_CONCURRENCY: '1' } });
    const workers = [startApp('worker-ingest', 'worker-1', env), startApp('worker-ingest', 'worker-2', env)];

    // Mid-backfill: some chunks done, some running, some still waiting.
    await until(
      'some chunks done and some running',
      runs,
      (rs) => rs.some((r) => r.status === 'success') && rs.some((r) => r.status === 'running'),
      30_000,
      50,
    );
    // The hardest moment to lose the database is inside a transaction (the driver must
    // roll back on a dead socket): hold the bars table so a worker's write waits in one.
    lock = await holdTableLock(pg.url, 'bars');
    await until('a worker waiting inside its write transaction', () => withDb(pg.url, waitingWriters), (n) => n > 0, 30_000, 50);

    await pg.stop();
    // Down long enough for requests in flight to come back and find no database.
    await new Promise((r) => setTimeout(r, 3_000));
    expectAlive(...workers);
    await pg.start();
    await lock.release();

    await until('every chunk to succeed after the restart', runs, (r) => allSucceeded(r, jobIds.length), 60_000);
    expectAlive(...workers);
    for (const w of workers) expect(w.printed('database client replaced')).toBe(true);
    await withDb(pg.url, (db) => expectCompleteAndConsistent(db, jobIds));
  }, 120_000);
});
