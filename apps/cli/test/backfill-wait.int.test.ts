import { randomBytes } from 'node:crypto';
import { createDatabase, runMigrations } from '@marketfleet/db';
import { migrateQueueSchema } from '@marketfleet/jobs';
import { marketClock, type Timeframe } from '@marketfleet/market';
import {
  type AppProcess,
  exitWithin,
  expectAlive,
  type FakeAlpaca,
  killAll,
  type PrivatePostgres,
  type PrivateRedis,
  startApp,
  startFakeAlpaca,
  startPrivatePostgres,
  startRedis,
  until,
} from '@marketfleet/testing';
import { sql } from 'drizzle-orm';

// `marketfleet backfill` waits for its chunks with a progress bar while worker processes run
// them. The datastores restart under it; it must carry on and report the backfill's real outcome.
const SYMBOLS = ['AAPL', 'MSFT', 'SPY'];
const TIMEFRAMES: Timeframe[] = ['m15', 'h1', 'd1'];
// Four chunks: each symbol's intraday bars fill a provider page; the daily bars share one.
const FROM = '2023-10-02';
const CHUNKS = 4;
const TO = '2024-06-28';
const ARGS = ['backfill', '--symbols', SYMBOLS.join(','), '--timeframes', TIMEFRAMES.join(','), '--from', FROM, '--to', TO];

/** Every bar the backfill stores: the calendar's count per symbol × timeframe. */
function expectedBars(): number {
  const sessions = marketClock.sessionsBetween(FROM, TO);
  const per = TIMEFRAMES.reduce((n, tf) => n + marketClock.countExpectedBars(tf, sessions[0]!.open, sessions[sessions.length - 1]!.close), 0);
  return per * SYMBOLS.length;
}

function fleetEnv(opts: { databaseUrl: string; redisUrl?: string; alpacaUrl: string }): Record<string, string> {
  return {
    DATABASE_URL: opts.databaseUrl,
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    QUEUE_PREFIX: `mf-cli-wait-${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'info',
    METRICS_PORT: '0',
    MARKET_DATA_PROVIDER: 'alpaca',
    ALPACA_DATA_URL: opts.alpacaUrl,
    ALPACA_KEY_ID: 'test-key',
    ALPACA_SECRET_KEY: 'test-secret',
    ALPACA_REQUESTS_PER_MINUTE: '60000',
    INGEST_CONCURRENCY: '1',
    LOCK_DURATION_MS: '4000',
  };
}

/** Chunk runs by status, read through a client of its own (a pooled one may not outlive a restart). */
async function chunkStatuses(url: string): Promise<string[]> {
  const d = createDatabase(url, { max: 1, appName: 'cli-wait-test' });
  try {
    const rows = await d.db.execute<{ status: string }>(sql`select status from job_runs where name = 'backfill-chunk' order by job_id`);
    return rows.map((r) => r.status);
  } finally {
    await d.close();
  }
}

const someDoneSomeNot = (s: string[]) => s.length === CHUNKS && s.includes('success') && s.some((x) => x !== 'success');

async function expectFinishedWell(cli: AppProcess): Promise<void> {
  expect(await exitWithin(cli, 120_000)).toEqual({ code: 0, signal: null });
  const out = cli.output();
  expect(out).toMatch(new RegExp(`^${CHUNKS}/${CHUNKS} chunks done, ${expectedBars()} bars written$`, 'm'));
  expect(out).not.toMatch(/\n\s+at /);
}

describe('the CLI backfill waits through datastore restarts', () => {
  let fake: FakeAlpaca;
  beforeAll(async () => {
    fake = await startFakeAlpaca({ seed: 21, latencyMs: 2_000 });
  });
  afterAll(async () => {
    await killAll();
    await fake?.close();
  });

  describe('PostgreSQL (data and queues) restarts', () => {
    let pg: PrivatePostgres;
    beforeAll(async () => {
      pg = await startPrivatePostgres();
      await runMigrations(pg.url);
      await migrateQueueSchema(pg.url);
    }, 90_000);
    afterAll(async () => {
      await killAll();
      await pg?.destroy();
    });

    test('the wait reconnects, keeps reporting progress and exits 0 with every bar counted', async () => {
      const env = fleetEnv({ databaseUrl: pg.url, alpacaUrl: fake.url });
      const workers = [startApp('worker-ingest', 'worker-1', env), startApp('worker-ingest', 'worker-2', env)];
      const cli = startApp('cli', 'backfill', { ...env, LOG_LEVEL: 'warn' }, ARGS);
      await until('a chunk done while another is not', () => chunkStatuses(pg.url), someDoneSomeNot, 60_000, 50);
      await pg.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      expectAlive(cli, ...workers);
      await pg.start();
      await expectFinishedWell(cli);
      expect(cli.output()).toMatch(/the database is unreachable .*; waiting for it/);
    }, 180_000);
  });

  describe('Redis (the queues) restarts without persistence', () => {
    let pg: PrivatePostgres;
    let redis: PrivateRedis;
    beforeAll(async () => {
      pg = await startPrivatePostgres();
      await runMigrations(pg.url);
      redis = await startRedis();
    }, 90_000);
    afterAll(async () => {
      await killAll();
      await redis?.stop();
      await pg?.destroy();
    });

    test('the wait names the chunks the queue store lost, and exits 0 once the scheduler has queued them again', async () => {
      const env = fleetEnv({ databaseUrl: pg.url, redisUrl: redis.url, alpacaUrl: fake.url });
      const worker = startApp('worker-ingest', 'worker', env);
      const cli = startApp('cli', 'backfill', { ...env, LOG_LEVEL: 'warn' }, ARGS);
      await until('a chunk done while another is not', () => chunkStatuses(pg.url), someDoneSomeNot, 60_000, 50);
      await redis.restart();
      await until('the hint about lost chunks', async () => cli.output(), (o) => /no job in the queue store/.test(o), 30_000);
      // Only now the scheduler, whose first check queues the lost chunks again.
      const scheduler = startApp('scheduler', 'scheduler', { ...env, SCHEDULE_CHECK_MS: '2000' });
      await expectFinishedWell(cli);
      expectAlive(worker, scheduler);
    }, 180_000);
  });
});
