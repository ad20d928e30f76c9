import { ensureSymbols, findSymbol, listBackfills, listWatchlist, upsertBars } from '@marketfleet/db';
import { contractValidator, createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { backfillChunk, INGEST_JOBS, QueueName, type Worker } from '@marketfleet/jobs';
import type { Queue } from 'bullmq';
import { marketClock } from '@marketfleet/market';
import { startTestApp, TEST_KEYS, type TestApp } from '../testing/test-app';
import { createLogger, startWorker } from '@marketfleet/runtime';

const validate = contractValidator('user-refresh');

// Saturday 2024-07-13 noon New York: the market is closed, the last session was Friday.
const now = new Date('2024-07-13T16:00:00Z');

describe('user-refresh, coverage and admin routes', () => {
  let t: TestDatabase;
  let h: TestApp;
  let worker: Worker | undefined;
  /** The test's own look at the ingest queue. */
  let ingest: Queue;
  beforeAll(async () => {
    t = await createTestDatabase();
    h = await startTestApp({ db: t, kind: 'postgres', now, config: { userRefreshWaitMs: 3_000 } });
    ingest = h.backend.queue(QueueName.Ingest);
    const db = t.database.db;
    const id = (await ensureSymbols(db, ['KNOWN'])).get('KNOWN')!;
    const sessions = marketClock.sessionsBetween('2024-05-01', '2024-07-11');
    await upsertBars(db, sessions.map((s, i) => ({
      symbolId: id, timeframe: 'd1' as const, ts: s.open, open: 100 + i, high: 102 + i, low: 99 + i, close: 101 + i,
      volume: 1000, vwap: 100.5 + i, tradeCount: 10, provider: 'test', status: 'verified' as const, fetchedAt: now,
    })));
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(async () => {
    await ingest.close();
    await h.close();
    await t.drop();
  });
  const post = (url: string, payload: unknown, key?: string) =>
    h.app.inject({ method: 'POST', url, payload: payload as object, ...(key ? { headers: { authorization: `Bearer ${key}` } } : {}) });

  test('a user-refresh reports real steps in the contract, with pivots from stored daily bars', async () => {
    const res = await post('/functions/v1/user-refresh', { symbol: 'known' }, TEST_KEYS.app);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(validate(body)).toBe(true);
    expect(body.steps.map((s: { step: string }) => s.step)).toEqual([
      'lookup_symbol', 'check_coverage', 'fetch_bars', 'queue_forecast', 'queue_options_ranking', 'calculate_sr',
    ]);
    const sr = body.steps.find((s: { step: string }) => s.step === 'calculate_sr');
    // Friday's bar is missing, so the last stored daily bar is Thursday's (the 49th): H 150, L 147, C 149.
    expect(sr).toMatchObject({ status: 'completed', details: { basedOn: '2024-07-11', pivot: 148.67, r1: 150.33, s1: 147.33 } });
    expect(body.summary).toMatchObject({ srCalculated: true, backfillNeeded: true, backfillQueued: true, mlJobQueued: true });
    expect(body.queuedJobs).toEqual(expect.arrayContaining(['backfill', 'latest_bars', 'forecast']));
    expect(body.steps.find((s: { step: string }) => s.step === 'queue_forecast')).toMatchObject({ status: 'completed', details: { jobIds: ['forecast-daily-KNOWN-all', 'forecast-intraday-KNOWN-all'] } });
    // Saturday: the market is closed, so the scrape is the wide one, for Friday's session.
    expect(body.steps.find((s: { step: string }) => s.step === 'queue_options_ranking')).toEqual({
      step: 'queue_options_ranking', status: 'completed', message: 'option chain scrape (10 expirations) and ranking queued',
      details: { jobIds: ['options-scrape-KNOWN', 'options-rank-KNOWN-2024-07-12'], session: '2024-07-12', expirations: 10 },
    });
    expect(body.summary.optionsJobQueued).toBe(true);
    expect(body.queuedJobs).toContain('options_ranking');
    expect(body.message).toContain('option ranking queued');
    const scrape = await ingest.getJob('options-scrape-KNOWN');
    expect([scrape?.name, scrape?.data]).toEqual(['options-scrape', { symbol: 'KNOWN', expirations: 10, session: '2024-07-12', reason: 'user' }]);
    const rank = await h.backend.queue(QueueName.Ml).getJob('options-rank-KNOWN-2024-07-12');
    expect([rank?.name, rank?.data]).toEqual(['options-rank', { symbol: 'KNOWN', trigger: 'user', session: '2024-07-12' }]);
    expect(body.nextExpectedUpdate).toBe('2024-07-15T13:46:00.000Z'); // Monday's first m15 bar closes 09:45, the tick runs 09:46
    expect(body.warnings).toEqual(['fetch_bars: still updating: the chart reads `updating` until the bars land']);
    expect((await listWatchlist(t.database.db)).map((s) => s.ticker)).toContain('KNOWN');
  });

  test('ten clicks queue each job once', async () => {
    await Promise.all(Array.from({ length: 10 }, () => post('/v1/user-refresh', { symbol: 'KNOWN' })));
    const latest = (await h.app.inject({ url: '/v1/admin/backfills' })).json();
    expect(latest.backfills.filter((b: { kind: string }) => b.kind === 'refresh')).toHaveLength(1);
    const counts = await ingest.getJobCounts('prioritized', 'waiting');
    const queued = (await ingest.getJobs(['prioritized', 'waiting'])).filter((j) => j.name === backfillChunk.name);
    expect(new Set(queued.map((j) => j.id)).size).toBe(queued.length);
    expect(counts.prioritized).toBe(queued.length);
    const forecasts = await h.backend.queue(QueueName.Ml).getJobs(['waiting', 'prioritized']);
    expect(forecasts.map((j) => j.id).sort()).toEqual(['forecast-daily-KNOWN-all', 'forecast-intraday-KNOWN-all', 'options-rank-KNOWN-2024-07-12']);
    const scrapes = (await ingest.getJobs(['prioritized', 'waiting'])).filter((j) => j.name === 'options-scrape');
    expect(scrapes.map((j) => j.id)).toEqual(['options-scrape-KNOWN']);
    // A click while they wait says so.
    const again = (await post('/v1/user-refresh', { symbol: 'KNOWN' })).json();
    expect(again.steps.find((s: { step: string }) => s.step === 'queue_options_ranking').message).toBe(
      'option chain scrape (10 expirations) and ranking queued; 2 of them already were',
    );
  });

  test('with a worker taking the job, the latest bars land within the wait', async () => {
    worker = startWorker({
      backend: h.backend, db: t.database.db, queue: QueueName.Ingest, jobs: INGEST_JOBS, logger: createLogger('test', 'silent'),
      handlers: Object.fromEntries(INGEST_JOBS.map((j) => [j.name, async () => ({ barsWritten: 3, provider: 'test' })])) as never,
    });
    const body = (await post('/v1/user-refresh', { symbol: 'KNOWN' })).json();
    expect(body.steps.find((s: { step: string }) => s.step === 'fetch_bars')).toMatchObject({ status: 'completed', message: '6 bars updated' });
    expect(body.summary.barsUpdated).toBe(6);
    expect(body.warnings).toEqual([]);
  });

  test('an unknown, well-formed symbol joins the watchlist with its history and actions queued; a malformed one is a 400', async () => {
    const body = (await post('/v1/user-refresh', { symbol: 'NEWCO' })).json();
    expect(body.steps[0]).toMatchObject({ step: 'lookup_symbol', status: 'completed', details: { added: true } });
    expect(body.queuedJobs).toEqual(expect.arrayContaining(['corporate_actions', 'backfill']));
    expect(body.message).toMatch(/^NEWCO added to the watchlist, missing history queued/);
    for (const payload of [{ symbol: 'not a ticker' }, {}, { symbol: 42 }]) {
      const bad = await post('/v1/user-refresh', payload);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/symbol/);
    }
  });

  test('coverage and ensure-coverage report gaps as session ranges; backfill progress is readable', async () => {
    const cov = (await h.app.inject({ url: '/v1/coverage?symbol=KNOWN&timeframe=d1' })).json();
    expect(cov.gaps[cov.gaps.length - 1]).toEqual({ from: '2024-07-12', to: '2024-07-12', missingBars: 1 });
    const ensured = await post('/v1/ensure-coverage', { symbol: 'KNOWN', timeframe: 'd1', window_days: 30 });
    expect(ensured.statusCode).toBe(200);
    const e = ensured.json();
    expect(e).toMatchObject({ symbol: 'KNOWN', timeframe: 'd1', status: 'gaps_detected', coverage_status: { gaps_found: 1 } });
    expect(e.backfill_progress).toMatchObject({ total_slices: 1, completed_slices: 0 });
    const progress = (await h.app.inject({ url: `/v1/backfills/${e.job_def_id}`, headers: { authorization: `Bearer ${TEST_KEYS.app}` } })).json();
    expect(progress).toMatchObject({ id: e.job_def_id, total: 1, status: 'queued', backfill_progress: { total_slices: 1 } });
    expect((await h.app.inject({ url: '/v1/backfills/nope' })).statusCode).toBe(404);
    expect((await post('/v1/ensure-coverage', { symbol: 'KNOWN', timeframe: 'd1' }, TEST_KEYS.app)).statusCode).toBe(403);
  });

  test('coverage honours window_days, a plain whole number of days', async () => {
    const cov = async (q: string) => h.app.inject({ url: `/v1/coverage?symbol=KNOWN&timeframe=d1${q}` });
    const week = (await cov('&window_days=7')).json();
    expect(week.windowDays).toBe(7);
    // Saturday 13 July: the sessions of 8 to 12 July; Friday's is missing.
    expect(week).toMatchObject({ expectedBars: 5, storedBars: 4, gaps: [{ from: '2024-07-12', to: '2024-07-12', missingBars: 1 }] });
    expect((await cov('')).json().windowDays).toBe(3650);
    for (const bad of ['0', '3661', '0x10', '1e2', '%2B7', '', '7.5']) {
      const res = await cov(`&window_days=${bad}`);
      expect([bad, res.statusCode]).toEqual([bad, 400]);
      expect(res.json().message).toMatch(/^window_days: must be an integer from 1 to 3660/);
    }
  });

  test('admin backfill dates outside the supported range are 400s naming the field, and nothing is written', async () => {
    const before = (await listBackfills(t.database.db, 200)).length;
    for (const [from, to, field] of [
      ['0000-01-01', '0000-01-31', 'from'],
      ['9999-12-01', '9999-12-31', 'from'],
      ['2024-06-03', '9999-12-31', 'to'],
      ['1989-12-31', '1990-01-10', 'from'],
      ['2100-12-30', '2101-01-01', 'to'],
      ['+275760-09-13', '+275760-09-13', 'from'],
      ['-000001-01-01', '2024-01-01', 'from'],
      ['2023-02-29', '2023-03-01', 'from'],
      ['2024-06-03T00:00:00Z', '2024-06-28', 'from'],
    ] as const) {
      const res = await post('/v1/admin/backfills', { symbols: ['EDGE'], timeframes: ['d1'], from, to });
      expect([from, to, res.statusCode]).toEqual([from, to, 400]);
      expect(res.json().message).toMatch(new RegExp(`^body\\.${field}: `));
    }
    expect((await listBackfills(t.database.db, 200)).length).toBe(before);
    expect(await findSymbol(t.database.db, 'EDGE')).toBeNull();
    // The edges themselves are accepted (a leap day too).
    const edge = await post('/v1/admin/backfills', { symbols: ['EDGE'], timeframes: ['d1'], from: '1990-01-01', to: '1990-02-28' });
    expect(edge.statusCode).toBe(200);
    expect((await post('/v1/admin/backfills', { symbols: ['EDGE'], timeframes: ['d1'], from: '2100-12-01', to: '2100-12-31' })).statusCode).toBe(200);
    expect((await post('/v1/admin/backfills', { symbols: ['EDGE'], timeframes: ['d1'], from: '2024-02-29', to: '2024-02-29' })).statusCode).toBe(200);
  });

  test('admin: a backfill, the nightly batch, queue pause/resume/retry and the watchlist; limits are 400s', async () => {
    const bf = await post('/v1/admin/backfills', { symbols: ['KNOWN', 'OTHER'], timeframes: ['d1'], from: '2024-06-03', to: '2024-06-28' });
    expect(bf.statusCode).toBe(200);
    expect(bf.json()).toMatchObject({ kind: 'manual', symbols: ['KNOWN', 'OTHER'], total: 1 });
    expect((await post('/v1/admin/nightly', {})).json()).toMatchObject({ duplicate: false });
    expect((await post('/v1/admin/queues/ingest/pause', {})).json()).toEqual({ queue: 'ingest', action: 'pause' });
    expect(await ingest.isPaused()).toBe(true);
    await post('/v1/admin/queues/ingest/resume', {});
    expect(await ingest.isPaused()).toBe(false);
    expect((await post('/v1/admin/queues/ingest/retry-failed', {})).statusCode).toBe(200);
    expect((await post('/v1/admin/queues/nope/pause', {})).statusCode).toBe(400);
    expect((await post('/v1/admin/watchlist', { symbols: ['ZZZ'] })).json()).toEqual({ added: ['ZZZ'] });
    expect((await h.app.inject({ method: 'DELETE', url: '/v1/admin/watchlist/ZZZ' })).json()).toEqual({ removed: 1 });
    const huge = await post('/v1/admin/backfills', { symbols: Array.from({ length: 501 }, (_, i) => `S${i}`), timeframes: ['d1'], from: '2024-06-03', to: '2024-06-28' });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().message).toMatch(/symbols/);
    const far = await post('/v1/admin/backfills', { symbols: ['KNOWN'], timeframes: ['d1'], from: '2000-01-03', to: '2024-06-28' });
    expect(far.json().message).toMatch(/from/);
    expect((await post('/v1/admin/nightly', {}, TEST_KEYS.app)).statusCode).toBe(403);
  });
});
