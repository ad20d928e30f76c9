import { randomBytes } from 'node:crypto';
import { ensureSymbols, type Db } from '@marketfleet/db';
import { backfillChunk, createQueueBackend, Producer } from '@marketfleet/jobs';
import { marketClock, type Timeframe } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import { type ChunkPlan, planBackfill } from '@marketfleet/ingest';

/** Small enough for a 2-core machine, large enough for several chunks per test. */
export const SYMBOLS = ['AAPL', 'MSFT', 'SPY'];
export const TIMEFRAMES: Timeframe[] = ['m15', 'h1', 'd1'];
/** Four weeks of June 2024: 19 sessions (Juneteenth is a holiday). */
export const FROM = '2024-06-03';
export const TO = '2024-06-28';

export interface Backfill {
  symbols: string[];
  timeframes: Timeframe[];
  from: string;
  to: string;
}

export const DEFAULT_BACKFILL: Backfill = { symbols: SYMBOLS, timeframes: TIMEFRAMES, from: FROM, to: TO };

export const uniquePrefix = (what: string) => `mf-res-${what}-${randomBytes(3).toString('hex')}`;

/** The environment every worker-ingest of these tests gets, on top of its datastore. */
export function workerEnv(opts: { databaseUrl: string; redisUrl?: string; prefix: string; alpacaUrl: string; extra?: Record<string, string> }) {
  return {
    DATABASE_URL: opts.databaseUrl,
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    QUEUE_PREFIX: opts.prefix,
    LOG_LEVEL: 'info',
    METRICS_PORT: '0',
    MARKET_DATA_PROVIDER: 'alpaca',
    ALPACA_DATA_URL: opts.alpacaUrl,
    ALPACA_KEY_ID: 'test-key',
    ALPACA_SECRET_KEY: 'test-secret',
    ALPACA_TIMEOUT_MS: '5000',
    // The fleet quota would space requests 300 ms apart; these tests are about failures, not pace.
    ALPACA_REQUESTS_PER_MINUTE: '60000',
    INGEST_CONCURRENCY: '2',
    // Short, so a dead worker's chunk is taken over within seconds.
    LOCK_DURATION_MS: '4000',
    SHUTDOWN_TIMEOUT_MS: '15000',
    ...opts.extra,
  };
}

/**
 * Plans the backfill into small chunks (a 250-bar page instead of 10,000) so that a few
 * weeks of three symbols make several jobs, and queues them as the CLI does.
 */
export async function enqueueBackfill(
  db: Db,
  queue: { databaseUrl: string; redisUrl?: string; prefix: string },
  b: Backfill = DEFAULT_BACKFILL,
  maxBarsPerRequest = 250,
): Promise<{ jobIds: string[]; plan: ChunkPlan[] }> {
  await ensureSymbols(db, b.symbols);
  const plan = planBackfill(b, { clock: marketClock, maxBarsPerRequest });
  const producer = new Producer(createQueueBackend(queue), db);
  try {
    const jobIds: string[] = [];
    for (const c of plan) jobIds.push((await producer.enqueue(backfillChunk, c, { triggeredBy: 'resilience-test' })).jobId);
    return { jobIds, plan };
  } finally {
    await producer.close();
  }
}

/** Bars the market clock expects for one symbol of a backfill, per timeframe. */
export function expectedCount(b: Backfill, tf: Timeframe): number {
  const sessions = marketClock.sessionsBetween(b.from, b.to);
  return marketClock.countExpectedBars(tf, sessions[0]!.open, sessions[sessions.length - 1]!.close);
}

export type JobRunRow = {
  job_id: string;
  status: string;
  attempts: number;
  bars_written: number;
  error: string | null;
  /** When the latest attempt started, epoch ms (the database's clock, on this machine). */
  started_ms: number | null;
};

export async function jobRuns(db: Db, jobIds: readonly string[]): Promise<JobRunRow[]> {
  return db.execute<JobRunRow>(sql`
    select job_id, status, attempts, bars_written, error, (extract(epoch from started_at) * 1000)::float8 as started_ms from job_runs
    where job_id = any(${`{${jobIds.map((j) => `"${j}"`).join(',')}}`}::text[])`);
}

export const allSucceeded = (runs: JobRunRow[], n: number) => runs.length === n && runs.every((r) => r.status === 'success');

export type SeriesCount = {
  ticker: string;
  timeframe: Timeframe;
  bars: number;
  ledgerWritten: number;
  quarantined: number;
};

/**
 * Per symbol × timeframe: bars stored, bars the fetch ledger says were written, and
 * distinct bar times quarantined (bad bars appear there, never in `bars`).
 */
export async function seriesCounts(db: Db, tickers: readonly string[]): Promise<SeriesCount[]> {
  const rows = await db.execute<SeriesCount>(sql`
    select s.ticker, tf.timeframe,
      (select count(*)::int from bars b where b.symbol_id = s.id and b.timeframe = tf.timeframe) as bars,
      (select coalesce(sum(l.bars_written), 0)::int from fetch_ledger l
         where l.symbol_id = s.id and l.timeframe = tf.timeframe and l.status = 'ok') as "ledgerWritten",
      (select count(distinct q.ts)::int from quarantined_bars q
         where q.symbol_id = s.id and q.timeframe = tf.timeframe) as quarantined
    from symbols s cross join unnest(enum_range(null::timeframe)) as tf(timeframe)
    where s.ticker = any(${`{${tickers.join(',')}}`}::text[])
    order by s.ticker, tf.timeframe`);
  return rows.map((r) => ({ ...r, timeframe: r.timeframe as Timeframe }));
}

/** (symbol_id, timeframe, ts) keys stored more than once: the primary key should make this empty. */
export async function duplicateBars(db: Db): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (select 1 from bars group by symbol_id, timeframe, ts having count(*) > 1) d`);
  return row!.n;
}

/**
 * The end state every scenario must reach: each series holds exactly the expected bars
 * (nothing lost, nothing extra, nothing twice), the ledger accounts for every stored
 * bar exactly once, and the job runs add up to the same total.
 */
export async function expectCompleteAndConsistent(db: Db, jobIds: readonly string[], b: Backfill = DEFAULT_BACKFILL): Promise<void> {
  const counts = await seriesCounts(db, b.symbols);
  const want = counts.filter((c) => b.timeframes.includes(c.timeframe));
  expect(want.map((c) => [c.ticker, c.timeframe, c.bars])).toEqual(want.map((c) => [c.ticker, c.timeframe, expectedCount(b, c.timeframe)]));
  // No series outside the backfill was written.
  expect(counts.filter((c) => !b.timeframes.includes(c.timeframe)).every((c) => c.bars === 0)).toBe(true);
  expect(want.every((c) => c.ledgerWritten === c.bars)).toBe(true);
  expect(await duplicateBars(db)).toBe(0);
  const runs = await jobRuns(db, jobIds);
  expect(runs.map((r) => [r.job_id, r.status]).sort()).toEqual([...jobIds].sort().map((j) => [j, 'success']));
  expect(runs.reduce((n, r) => n + r.bars_written, 0)).toBe(want.reduce((n, c) => n + c.bars, 0));
}
