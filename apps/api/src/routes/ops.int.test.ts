import { ensureSymbols, recordFetches, upsertBars } from '@marketfleet/db';
import { createQueueBackend, QueueName } from '@marketfleet/jobs';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createTestDatabase, startTestApp, startUnreachableApp, type TestApp, type TestDatabase } from '../testing/test-app';

describe.each(['postgres', 'redis'] as const)('probes on the %s queue backend', (kind) => {
  let t: TestDatabase;
  let h: TestApp;
  beforeAll(async () => {
    t = await createTestDatabase();
    h = await startTestApp({ db: t, kind });
  });
  afterAll(async () => {
    await h?.close();
    await t?.drop();
  });

  test('healthz is ok', async () => {
    const res = await h.app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  test('readyz checks the database and the queue', async () => {
    const res = await h.app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok' } });
  });
});

describe('readyz with dependencies down', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startUnreachableApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('is 503 and says why', async () => {
    const started = Date.now();
    const res = await h.app.inject('/readyz');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body.status).toBe('unavailable');
    expect(body.checks.database).not.toBe('ok');
    expect(body.checks.database).toMatch(/ECONNREFUSED|timed out/);
    expect(body.checks.queue).not.toBe('ok');
  });

  test('healthz stays ok: liveness does not depend on the database', async () => {
    expect((await h.app.inject('/healthz')).statusCode).toBe(200);
  });

  test('every route that needs the database or the queue answers 503 in the error body, without details', async () => {
    const requests = [
      ['GET', '/v1/chart?symbol=AAPL'],
      ['GET', '/functions/v1/chart?symbol=AAPL&timeframe=m15'],
      ['GET', '/v1/data-health'],
      ['GET', '/functions/v1/data-health?symbol=AAPL'],
      ['GET', '/v1/market-status'],
      ['GET', '/v1/ml-dashboard'],
      ['GET', '/functions/v1/ml-dashboard?symbol=AAPL&horizon=1D'],
      ['GET', '/v1/alerts'],
      ['GET', '/v1/quality-findings'],
      ['GET', '/v1/coverage?symbol=AAPL'],
      ['GET', '/v1/backfills/abc'],
      ['GET', '/v1/admin/backfills'],
      ['GET', '/v1/admin/watchlist'],
      ['GET', '/v1/options-quotes?symbol=AAPL&contracts=AAPL240126C00190000'],
      ['POST', '/functions/v1/options-quotes', { symbol: 'AAPL', contracts: ['AAPL240126C00190000'] }],
      ['GET', '/v1/options/chain?symbol=AAPL'],
      ['GET', '/v1/options/ranks?symbol=AAPL'],
      ['POST', '/v1/user-refresh', { symbol: 'AAPL' }],
      ['POST', '/v1/ensure-coverage', { symbol: 'AAPL', timeframe: 'd1' }],
      ['POST', '/v1/admin/backfills', { symbols: ['AAPL'], timeframes: ['d1'], from: '2024-01-02', to: '2024-01-05' }],
      ['POST', '/v1/admin/watchlist', { symbols: ['AAPL'] }],
      ['DELETE', '/v1/admin/watchlist/AAPL'],
      ['POST', '/v1/admin/nightly', {}],
      ['POST', '/v1/admin/queues/ingest/pause', {}],
    ] as const;
    for (const [method, url, payload] of requests) {
      const res = await h.app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect([method, url, res.statusCode]).toEqual([method, url, 503]);
      expect(res.json()).toEqual({ error: 'unavailable', message: expect.stringMatching(/unavailable/) });
      expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:9\b/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  }, 30_000);

  test('metrics still answer, without the counts they cannot read', async () => {
    const res = await h.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('marketfleet_http_requests_total');
    expect(res.body).not.toMatch(/^marketfleet_queue_jobs\{/m);
  });
});

describe('with the queue backend down (Redis refusing connections)', () => {
  let t: TestDatabase;
  let h: TestApp;
  beforeAll(async () => {
    t = await createTestDatabase();
    const backend = createQueueBackend({ databaseUrl: t.url, redisUrl: 'redis://127.0.0.1:1', prefix: `mf-down-${randomUUID()}` });
    h = await startTestApp({ db: t, kind: 'redis', backend, config: { requestDeadlineMs: 2_000 } });
  });
  afterAll(async () => {
    await h?.close();
    await t?.drop();
  });

  // BullMQ waits without end for a Redis it never reached: the request deadline answers instead.
  test('routes that put work on the queues answer 503 in the error body within the deadline; reads that need only the database still answer', async () => {
    for (const [url, payload] of [
      ['/v1/admin/nightly', {}],
      ['/v1/admin/queues/ingest/pause', {}],
      ['/v1/admin/backfills', { symbols: ['AAPL'], timeframes: ['d1'], from: '2024-01-02', to: '2024-01-05' }],
    ] as const) {
      const started = Date.now();
      const res = await h.app.inject({ method: 'POST', url, payload });
      expect([url, res.statusCode]).toEqual([url, 503]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.json()).toEqual({ error: 'unavailable', message: expect.any(String) });
    }
    expect((await h.app.inject('/v1/alerts')).statusCode).toBe(200);
  }, 30_000);
});

describe('metrics and errors', () => {
  let t: TestDatabase;
  let h: TestApp;
  let ingest: ReturnType<TestApp['backend']['queue']>;
  beforeAll(async () => {
    t = await createTestDatabase();
    const ids = await ensureSymbols(t.database.db, ['AAPL']);
    const symbolId = ids.get('AAPL')!;
    const ts = new Date('2024-01-22T14:30:00Z');
    await upsertBars(t.database.db, [
      { symbolId, timeframe: 'd1', ts, open: 1, high: 2, low: 1, close: 2, volume: 10, vwap: null, tradeCount: null, provider: 'sim', status: 'verified', fetchedAt: ts },
    ]);
    const fetch = { fetchId: randomUUID(), symbolId, timeframe: 'd1' as const, rangeStart: ts, rangeEnd: ts, requests: 1, barsReceived: 1, barsWritten: 1, barsQuarantined: 0, startedAt: new Date() };
    await recordFetches(t.database.db, [
      { ...fetch, provider: 'sim', status: 'ok' },
      { ...fetch, provider: 'sim', status: 'ok' },
      { ...fetch, provider: 'alpaca', status: 'error', error: 'HTTP 500' },
    ]);
    h = await startTestApp({
      db: t,
      kind: 'postgres',
      extraRoutes: (app) => {
        app.post('/test/echo', { schema: { body: z.object({ n: z.number() }) } }, async (req) => req.body);
        app.get('/test/boom', async () => {
          throw new Error('secret connection string postgres://user:pw@db');
        });
      },
    });
    ingest = h.backend.queue(QueueName.Ingest);
    await ingest.add('probe', {}, { jobId: 'metrics-probe' });
  });
  afterAll(async () => {
    await ingest?.close();
    await h?.close();
    await t?.drop();
  });

  test('exposes process, HTTP, queue and table metrics without per-symbol labels', async () => {
    await h.app.inject('/v1/chart?symbol=AAPL&timeframe=d1&start=2024-01-01&end=2024-02-01');
    await h.app.inject('/v1/chart?symbol=ZZZZ');
    await h.app.inject('/no/such/route/AAPL');
    const res = await h.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('marketfleet_http_requests_total{method="GET",route="/v1/chart",status_code="200"} 1');
    expect(text).toContain('marketfleet_http_requests_total{method="GET",route="/v1/chart",status_code="404"} 1');
    expect(text).toContain('marketfleet_http_requests_total{method="GET",route="404",status_code="404"} 1');
    expect(text).toMatch(/marketfleet_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/v1\/chart",status_code="200"\}/);
    expect(text).toMatch(/^marketfleet_chart_cache_bytes \d+$/m);
    expect(text).toContain('marketfleet_queue_jobs{queue="ingest",state="waiting"} 1');
    expect(text).toContain('marketfleet_queue_jobs{queue="ml",state="failed"} 0');
    expect(text).toContain('marketfleet_bars_stored{timeframe="d1"} 1');
    expect(text).toContain('marketfleet_bars_stored{timeframe="m15"} 0');
    expect(text).toContain('marketfleet_fetches_24h{provider="sim",status="ok"} 2');
    expect(text).toContain('marketfleet_fetches_24h{provider="alpaca",status="error"} 1');
    expect(text).toContain('marketfleet_fetches_24h{provider="alpaca",status="ok"} 0');
    expect(text).not.toMatch(/symbol=|AAPL|ZZZZ/);
  });

  test('an unknown route is a 404 with the error body', async () => {
    const res = await h.app.inject('/nope?x=1');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: 'Route not found: GET /nope' });
  });

  test('malformed JSON is a 400 with the error body', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' }, payload: '{"n":' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json()).sort()).toEqual(['error', 'message']);
    expect(res.json().error).toBe('bad_request');
  });

  test('a body that fails its schema is a 400 naming the field', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/test/echo', payload: { n: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'bad_request', message: expect.stringMatching(/^body\.n: /) });
  });

  test('an oversized body is a 413 with the error body', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' }, payload: `{"n":1,"pad":"${'x'.repeat(1_100_000)}"}` });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'payload_too_large', message: expect.any(String) });
  });

  test('an unsupported content type is a 415 with the error body', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/x-weird' }, payload: 'n=1' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({ error: 'unsupported_media_type', message: expect.any(String) });
  });

  test('a server error hides its details', async () => {
    const res = await h.app.inject('/test/boom');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal_error', message: 'Internal server error' });
  });
});
