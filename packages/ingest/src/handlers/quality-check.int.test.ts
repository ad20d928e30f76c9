import {
  addToWatchlist,
  findSymbol,
  listAlerts,
  listFindings,
  listProviderGaps,
  markJobFinished,
  markJobRunning,
  type AlertRow,
} from '@marketfleet/db';
import { QueueName, repairGap, type Job, type Worker } from '@marketfleet/jobs';
import { TIMEFRAMES, type Timeframe } from '@marketfleet/market';
import type { MarketDataProvider } from '@marketfleet/providers';
import { type Harness, ingestHarness } from '@marketfleet/testing';
import type { IngestDeps } from '../deps';
import { ingestBars } from '../ingest/ingest-bars';
import { startIngestWorker } from '../start';
import { ingestHandlers } from '.';

// Friday 12 July 2024, 17:00 New York: the week's sessions are final. The check's default
// window is the last five sessions, 8–12 July.
const NOW = new Date('2024-07-12T21:00:00Z');
const fakeJob = (id: string) => ({ job: { id } as Job, log: undefined as never });

/** A provider that never returns AAPL's m15 bars in [from, to): a hole the provider cannot fill. */
function withHole(inner: MarketDataProvider, from: Date, to: Date): MarketDataProvider {
  const inHole = (symbol: string, tf: Timeframe, ts: Date) => symbol === 'AAPL' && tf === 'm15' && ts >= from && ts < to;
  return {
    name: inner.name,
    async fetchBars(req) {
      const r = await inner.fetchBars(req);
      return { ...r, series: r.series.map((s) => ({ ...s, bars: s.bars.filter((b) => !inHole(s.symbol, s.timeframe, b.ts)) })) };
    },
  };
}

describe('quality-check and repair-gap', () => {
  let h: Harness;
  let aapl: number;
  let worker: Worker | undefined;
  beforeAll(async () => {
    h = await ingestHarness();
    await addToWatchlist(h.t.database.db, ['AAPL']);
    aapl = (await findSymbol(h.t.database.db, 'AAPL'))!.id;
    // History before the window too, so the jump statistics have a sample.
    await ingestBars(h.deps(NOW), { symbols: ['AAPL'], timeframes: [...TIMEFRAMES], from: new Date('2024-03-25T13:30:00Z'), to: NOW });
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(() => h.close());
  const db = () => h.t.database.db;
  const check = (deps: IngestDeps, id: string) => ingestHandlers(deps)['quality-check']({}, fakeJob(id));
  const openFindings = async () => (await listFindings(db(), { symbolId: aapl, limit: 100 })).map((f) => `${f.kind} ${f.timeframe} ${f.sessionDate}`);
  const deleteBars = (tf: Timeframe, from: string, to: string) =>
    h.t.database.sql`delete from bars where symbol_id = ${aapl} and timeframe = ${tf} and ts >= ${from}::timestamptz and ts < ${to}::timestamptz`;
  const queuedRepairs = async () =>
    (await h.producer.queue(QueueName.Ingest).getJobs(['waiting', 'prioritized', 'delayed'])).filter((j) => j.name === repairGap.name).map((j) => j.id).sort();
  const alert = async (key: string): Promise<AlertRow | undefined> => (await listAlerts(db(), { all: true })).find((a) => a.key === key && a.resolvedAt === null);

  /** Runs the queued jobs with these deps until the queue is empty. */
  async function drain(deps: IngestDeps) {
    worker = startIngestWorker(deps, { backend: h.backend });
    const queue = h.producer.queue(QueueName.Ingest);
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await worker.close();
    worker = undefined;
  }

  test('complete, clean data has no findings and raises nothing', async () => {
    expect(await check(h.deps(NOW), 'qc-0')).toMatchObject({ detail: expect.stringMatching(/no findings.*0 repairs queued/) });
    expect(await openFindings()).toEqual([]);
    expect(await listAlerts(db())).toEqual([]);
  });

  test('a gap is repaired once however often it is checked, then resolves with its alert', async () => {
    await deleteBars('m15', '2024-07-10T14:00:00Z', '2024-07-10T15:00:00Z'); // 10:00–11:00 New York
    await deleteBars('d1', '2024-07-11T00:00:00Z', '2024-07-12T00:00:00Z');
    const deps = h.deps(NOW);
    const first = await check(deps, 'qc-1');
    expect(first).toMatchObject({ detail: expect.stringMatching(/gap 2.*2 repairs queued/) });
    // h1 is built from the same fetch, but its bars are still stored: only m15 and d1 lack bars.
    expect((await openFindings()).sort()).toEqual(['gap d1 2024-07-11', 'gap m15 2024-07-10']);
    const [m15] = await listFindings(db(), { symbolId: aapl, timeframe: 'm15', kind: 'gap', limit: 1 });
    expect(m15!.detail).toMatchObject({ expected: 26, missing: 4, ranges: [{ from: '2024-07-10T14:00:00.000Z', to: '2024-07-10T15:00:00.000Z', bars: 4 }] });

    const second = await check(deps, 'qc-2');
    expect(second).toMatchObject({ detail: expect.stringMatching(/0 repairs queued \(2 pending/) });
    expect(await queuedRepairs()).toEqual([
      'repair-AAPL-d1-2024-07-11-2024-07-11',
      'repair-AAPL-m15-2024-07-10-2024-07-10',
    ]);
    // Seen by two checks: one alert per problem.
    expect(await alert('gap:AAPL:m15')).toMatchObject({ occurrences: 1, severity: 'warning' });

    await drain(deps);
    expect(await openFindings()).toEqual([]); // the repairs resolved their findings
    await check(deps, 'qc-3');
    expect(await alert('gap:AAPL:m15')).toBeUndefined();
    expect((await listAlerts(db(), { all: true })).find((a) => a.key === 'gap:AAPL:m15')?.resolvedAt).toBeInstanceOf(Date);
  });

  test('a gap the provider cannot fill becomes a provider gap after three attempts, then is left alone', async () => {
    const hole = { from: new Date('2024-07-09T14:00:00Z'), to: new Date('2024-07-09T14:45:00Z') }; // 3 bars
    await deleteBars('m15', '2024-07-09T14:00:00Z', '2024-07-09T14:45:00Z');
    const deps = { ...h.deps(NOW), provider: withHole(h.deps(NOW).provider, hole.from, hole.to) };
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await check(deps, `hole-${attempt}`)).toMatchObject({ detail: expect.stringMatching(/1 repairs queued/) });
      await drain(deps);
      const [finding] = await listFindings(db(), { symbolId: aapl, timeframe: 'm15', kind: 'gap', limit: 1 });
      expect(finding!.detail.repair).toEqual({ attempts: attempt, provider: 'alpaca', lastAnswer: '23 of 26 bars' });
    }
    expect(await listProviderGaps(db(), { symbolId: aapl })).toEqual([
      expect.objectContaining({ timeframe: 'm15', rangeStart: hole.from, rangeEnd: hole.to, answer: '23 of 26 bars', attempts: 3, provider: 'alpaca' }),
    ]);
    expect(await alert('provider-gap:AAPL:m15')).toMatchObject({ occurrences: 1 });
    expect(await alert('gap:AAPL:m15')).toMatchObject({ occurrences: 2 });

    // Known now: no finding, no repair, and the gap alert gives way to the provider-gap alert.
    expect(await check(deps, 'hole-4')).toMatchObject({ detail: expect.stringMatching(/no findings, 1 resolved; 0 repairs queued/) });
    expect(await queuedRepairs()).toEqual([]);
    expect(await openFindings()).toEqual([]);
    expect(await alert('gap:AAPL:m15')).toBeUndefined();
    expect(await alert('provider-gap:AAPL:m15')).toMatchObject({ occurrences: 2 });
    // Asked directly, the repair knows it too and does not fetch.
    const before = h.fake.stats.requests;
    const payload = { symbol: 'AAPL', timeframe: 'm15' as const, from: '2024-07-09', to: '2024-07-09' };
    expect(await ingestHandlers(deps)['repair-gap'](payload, fakeJob('direct'))).toMatchObject({ status: 'skipped', detail: 'a recorded provider gap' });
    expect(h.fake.stats.requests).toBe(before);
  });

  test('a job failing repeatedly raises one alert, bumped while it keeps failing, resolved once it stops', async () => {
    const fail = async (id: string) => {
      await markJobRunning(db(), { jobId: id, queue: 'ingest', name: 'bars-daily', symbols: [], timeframes: [], attempt: 1 });
      await markJobFinished(db(), id, { status: 'failed', error: 'provider down' });
    };
    for (const id of ['f1', 'f2']) await fail(id);
    await check(h.deps(NOW), 'jf-1');
    expect(await alert('job-failing:bars-daily')).toBeUndefined();
    await fail('f3');
    await check(h.deps(NOW), 'jf-2');
    await check(h.deps(NOW), 'jf-3');
    expect(await alert('job-failing:bars-daily')).toMatchObject({ occurrences: 2, severity: 'critical', message: expect.stringMatching(/3 failed runs.*provider down/) });
    // Two days before the check's clock: outside its 24 h.
    await h.t.database.sql`update job_runs set finished_at = '2024-07-10T21:00:00Z' where name = 'bars-daily'`;
    await check(h.deps(NOW), 'jf-4');
    expect(await alert('job-failing:bars-daily')).toBeUndefined();
  });

});
