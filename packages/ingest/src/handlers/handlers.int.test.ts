import {
  addToWatchlist,
  backfillChunkStatuses,
  backfillProgress,
  countBars,
  findSymbol,
  getJobRun,
  getJobRuns,
  listBackfills,
  listFetches,
  readBars,
} from '@marketfleet/db';
import { backfillChunk, coverageSweep, QueueName, type Job, type Worker } from '@marketfleet/jobs';
import { marketClock } from '@marketfleet/market';
import { type Harness, ingestHarness } from '@marketfleet/testing';
import { startIngestWorker } from '../start';
import { ingestHandlers } from '.';

const fakeJob = (id: string) => ({ job: { id } as Job, log: undefined as never });

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('ingest handlers', () => {
  let h: Harness;
  let worker: Worker | undefined;
  beforeAll(async () => {
    h = await ingestHarness();
    await addToWatchlist(h.t.database.db, ['AAPL', 'SPY']);
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(() => h.close());
  const db = () => h.t.database.db;
  const id = async (t: string) => (await findSymbol(db(), t))!.id;

  test('the intraday tick outside a session is skipped without asking the provider', async () => {
    const before = h.fake.stats.requests;
    const saturday = ingestHandlers(h.deps(new Date('2024-07-06T15:01:00Z')));
    expect(await saturday['bars-intraday']({}, fakeJob('tick-1'))).toMatchObject({ status: 'skipped', detail: 'market closed' });
    const holiday = ingestHandlers(h.deps(new Date('2024-07-04T15:01:00Z')));
    expect(await holiday['bars-intraday']({}, fakeJob('tick-2'))).toMatchObject({ status: 'skipped' });
    expect(h.fake.stats.requests).toBe(before);
  });

  test('the intraday tick refreshes the session so far for the whole watchlist in one request', async () => {
    const before = h.fake.stats.requests;
    const handlers = ingestHandlers(h.deps(new Date('2024-07-10T15:01:00Z'))); // 11:01 New York
    const out = await handlers['bars-intraday']({}, fakeJob('tick-3'));
    expect(h.fake.stats.requests - before).toBe(1);
    // 09:30 … 10:45 closed and the 11:00 bar just begun: 7 m15, 2 h1, 1 h4 per symbol.
    expect(out).toMatchObject({ barsWritten: 2 * (7 + 2 + 1), provider: 'alpaca' });
    const m15 = await readBars(db(), { symbolId: await id('SPY'), timeframe: 'm15' });
    expect(m15.map((b) => b.status)).toEqual([...Array(6).fill('provisional'), 'live']);
  });

  test('the daily job after the close stores the week’s d1 and w1 and finalises the session', async () => {
    const handlers = ingestHandlers(h.deps(new Date('2024-07-10T20:30:00Z'))); // 16:30 New York
    const out = await handlers['bars-daily']({}, fakeJob('daily-1'));
    expect(out).toMatchObject({ provider: 'alpaca' });
    expect(await countBars(db(), await id('AAPL'), 'd1')).toBe(3); // Mon–Wed of that week
    expect(await countBars(db(), await id('AAPL'), 'w1')).toBe(1);
    const m15 = await readBars(db(), { symbolId: await id('AAPL'), timeframe: 'm15' });
    expect(m15.map((b) => b.status)).toEqual(Array(26).fill('verified'));
    const early = ingestHandlers(h.deps(new Date('2024-07-10T19:00:00Z')));
    expect(await early['bars-daily']({}, fakeJob('daily-2'))).toMatchObject({ status: 'skipped' });
  });

  test('a chunk that fails is retried by the queue and ends complete, with no bar twice', async () => {
    // More 500s in a row than the provider retries: the first attempt of the job fails.
    h.fake.configure({ faults: [{ type: 'status', status: 500 }, { type: 'status', status: 503 }, { type: 'status', status: 500 }] });
    const payload = { symbols: ['MSFT'], timeframes: ['d1' as const], from: '2024-06-03', to: '2024-06-28' };
    await h.producer.queue(QueueName.Ingest).add(backfillChunk.name, payload, { jobId: 'flaky', attempts: 3, backoff: 50 });
    worker = startIngestWorker(h.deps(new Date('2024-08-01T00:00:00Z')), { backend: h.backend });
    const run = await until(() => getJobRun(db(), 'flaky'), (r) => r?.status === 'success');
    expect(run).toMatchObject({ status: 'success', attempts: 2, barsWritten: 19 });
    expect(await countBars(db(), await id('MSFT'), 'd1')).toBe(19); // June 19 was a holiday
    const ledger = (await listFetches(db(), { symbolId: await id('MSFT') })).map((l) => l.status);
    expect(ledger).toEqual(['ok', 'error']);
  });

  test('the coverage sweep queues only what is missing, once, and the chunks fill every gap', async () => {
    const now = new Date('2024-07-12T21:00:00Z');
    const deps = h.deps(now);
    const handlers = ingestHandlers(deps);
    const first = await handlers['coverage-sweep']({}, fakeJob('sweep-1'));
    expect(first).toMatchObject({ detail: expect.stringMatching(/newly queued/) });
    const queued = await h.producer.queue(QueueName.Ingest).getJobs(['waiting', 'prioritized']);
    const chunkIds = queued.filter((j) => j.name === backfillChunk.name).map((j) => j.id!);
    expect(chunkIds.length).toBeGreaterThan(0);
    const again = await handlers['coverage-sweep']({}, fakeJob('sweep-2'));
    expect(again).toMatchObject({ detail: expect.stringMatching(/, 0 newly queued/) });

    worker = startIngestWorker(deps, { backend: h.backend });
    await until(() => getJobRuns(db(), chunkIds), (runs) => runs.every((r) => r.status === 'success'));
    const done = await handlers['coverage-sweep']({}, fakeJob('sweep-3'));
    expect(done).toMatchObject({ status: 'success', detail: '2 symbols complete' });
    const sessions = marketClock.sessionsBetween('2024-05-13', '2024-07-12').length; // 60 days of d1
    expect(await countBars(db(), await id('SPY'), 'd1')).toBe(sessions);
  });

  test('a deep backfill of a new symbol runs ahead of routine work; each is one tracked backfill', async () => {
    const deps = h.deps(new Date('2024-07-12T21:00:00Z'));
    const handlers = ingestHandlers(deps);
    await handlers['coverage-sweep']({ symbols: ['IBM'] }, fakeJob('sweep-routine'));
    await handlers['coverage-sweep']({ symbols: ['ORCL'], deep: true }, fakeJob('sweep-deep'));
    const backfills = await listBackfills(db());
    const deep = backfills.find((b) => b.backfill.kind === 'deep')!;
    const routine = backfills.find((b) => b.backfill.kind === 'nightly' && b.backfill.symbols.includes('IBM'))!;
    expect(deep).toMatchObject({ status: 'queued', percent: 0, backfill: { symbols: ['ORCL'], priority: 1 } });
    expect(routine.backfill.priority).toBe(10);

    worker = startIngestWorker(deps, { backend: h.backend, concurrency: 1 });
    const done = async () => Promise.all([backfillProgress(db(), deep.backfill.id), backfillProgress(db(), routine.backfill.id)]);
    const [d, r] = await until(done, (p) => p.every((x) => x?.status === 'done'));
    expect(d).toMatchObject({ status: 'done', percent: 100, failed: 0, total: deep.total });
    expect(d!.barsWritten).toBeGreaterThan(0);
    const started = async (id: string) =>
      (await backfillChunkStatuses(db(), id)).map((c) => c.jobId).map(async (jobId) => (await getJobRun(db(), jobId))!.startedAt!.getTime());
    const deepStarts = await Promise.all(await started(deep.backfill.id));
    const routineStarts = await Promise.all(await started(routine.backfill.id));
    expect(Math.max(...deepStarts)).toBeLessThanOrEqual(Math.min(...routineStarts));
    expect(r!.status).toBe('done');
  });

  test('sweeping unknown symbols of its own payload is allowed; an enqueue is validated', async () => {
    await expect(h.producer.enqueue(coverageSweep, { symbols: ['not a ticker'] })).rejects.toThrow(/ticker/);
  });
});
