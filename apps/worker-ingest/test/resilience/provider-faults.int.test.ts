import { createTestDatabase, type FakeAlpaca, killAll, startApp, startFakeAlpaca, type TestDatabase, until } from '@marketfleet/testing';
import { sql } from 'drizzle-orm';
import { allSucceeded, DEFAULT_BACKFILL, enqueueBackfill, expectedCount, jobRuns, seriesCounts, SYMBOLS, uniquePrefix, workerEnv } from './scenario';

// A provider that answers 500s, hangs, cuts its JSON in half or sends impossible bars,
// through a real worker: failed requests are retried (by the provider client, then by
// the queue), bad bars end in quarantine with their reason, and none reaches `bars`.
describe('provider faults through a real worker', () => {
  let t: TestDatabase;
  let fake: FakeAlpaca;

  beforeAll(async () => {
    t = await createTestDatabase();
    fake = await startFakeAlpaca({
      seed: 15,
      // Regular-hours bars only, so each bad bar's index lands inside a session.
      extendedHours: false,
      // Consumed one per request, in order (requests are sequential: concurrency 1).
      // The first five exhaust the client's retries of the first chunk, so that job
      // fails once and the queue retries it; the next two are absorbed by client retries.
      faults: [
        { type: 'status', status: 500 },
        { type: 'hang' },
        { type: 'truncate' },
        { type: 'status', status: 503 },
        { type: 'truncate' },
        { type: 'status', status: 500 },
        { type: 'truncate' },
      ],
      // In every answer: a NaN close, a negative volume, a negative low.
      badBars: [
        { symbol: 'AAPL', index: 3, field: 'c', value: 'NaN' },
        { symbol: 'MSFT', index: 7, field: 'v', value: -100 },
        { symbol: 'SPY', index: 5, field: 'l', value: -1 },
      ],
    });
  });
  afterAll(async () => {
    await killAll();
    await fake?.close();
    await t?.drop();
  });

  test('failed requests are retried, bad bars are quarantined with a reason and never stored', async () => {
    const db = t.database.db;
    const queue = { databaseUrl: t.url, prefix: uniquePrefix('faults') };
    const { jobIds } = await enqueueBackfill(db, queue);
    const env = workerEnv({ ...queue, alpacaUrl: fake.url, extra: { INGEST_CONCURRENCY: '1', ALPACA_TIMEOUT_MS: '1000' } });
    startApp('worker-ingest', 'worker', env);

    const runs = await until('every chunk to succeed', () => jobRuns(db, jobIds), (r) => allSucceeded(r, jobIds.length), 60_000);
    expect(fake.stats.byStatus).toMatchObject({ 500: 2, 503: 1, hang: 1 });
    // The first chunk failed its first attempt and succeeded on the queue's retry; its
    // ledger keeps the failed fetch next to the good one.
    const first = runs.find((r) => r.job_id === jobIds[0])!;
    expect(first.attempts).toBe(2);
    const ledger = await db.execute<{ status: string; error: string | null }>(sql`
      select status, error from fetch_ledger where job_id = ${jobIds[0]} order by id`);
    expect(ledger.some((l) => l.status === 'error' && /attempts/.test(l.error ?? ''))).toBe(true);
    expect(ledger.filter((l) => l.status === 'ok').length).toBeGreaterThan(0);

    // Every expected bar is either stored or quarantined, and the bad ones are the quarantined ones.
    for (const c of (await seriesCounts(db, SYMBOLS)).filter((c) => DEFAULT_BACKFILL.timeframes.includes(c.timeframe))) {
      expect({ series: `${c.ticker} ${c.timeframe}`, total: c.bars + c.quarantined, quarantined: c.quarantined > 0 }).toEqual({
        series: `${c.ticker} ${c.timeframe}`,
        total: expectedCount(DEFAULT_BACKFILL, c.timeframe),
        quarantined: true,
      });
    }
    const [leaked] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from bars b join quarantined_bars q
        on q.symbol_id = b.symbol_id and q.timeframe = b.timeframe and q.ts = b.ts`);
    expect(leaked!.n).toBe(0);
    const [impossible] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from bars where not (open > 0 and high > 0 and low > 0 and close > 0 and volume >= 0)
        or 'NaN'::float8 in (open, high, low, close, volume)`);
    expect(impossible!.n).toBe(0);

    const reasons = await db.execute<{ ticker: string; timeframe: string; reason: string }>(sql`
      select distinct s.ticker, q.timeframe::text as timeframe, q.reason from quarantined_bars q join symbols s on s.id = q.symbol_id`);
    const reasonOf = (ticker: string, tf: string) => reasons.filter((r) => r.ticker === ticker && r.timeframe === tf).map((r) => r.reason);
    expect(reasonOf('AAPL', 'm15')).toEqual([expect.stringMatching(/\b(c|close) is not a number/)]);
    expect(reasonOf('MSFT', 'm15')).toEqual([expect.stringMatching(/volume < 0/)]);
    expect(reasonOf('SPY', 'm15')).toEqual([expect.stringMatching(/low <= 0/)]);
    // An h1 bar built from a bad m15 bar is withheld too, naming why.
    expect(reasonOf('SPY', 'h1')).toEqual([expect.stringMatching(/an input bar was quarantined: low <= 0/)]);
    expect(reasonOf('AAPL', 'd1')).toEqual([expect.stringMatching(/\b(c|close) is not a number/)]);
  }, 90_000);
});
