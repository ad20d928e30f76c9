import { ensureSymbols, upsertBars, upsertCorporateActions } from '@marketfleet/db';
import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { marketClock } from '@marketfleet/market';
import { gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../testing/test-app';

const now = new Date('2024-07-12T21:00:00Z');
const url = '/v1/chart?symbol=CACHE&timeframe=d1&start=2024-07-01&end=2024-07-13';

describe('cached chart responses', () => {
  let t: TestDatabase;
  let h: TestApp;
  let id: number;
  const bar = (date: string, close: number) => ({
    symbolId: id, timeframe: 'd1' as const, ts: marketClock.session(date)!.open, open: close, high: close + 1, low: close - 1, close,
    volume: 1000, vwap: close, tradeCount: 1, provider: 'test', status: 'verified' as const, fetchedAt: now,
  });
  beforeAll(async () => {
    t = await createTestDatabase();
    h = await startTestApp({ db: t, kind: 'postgres', now });
    id = (await ensureSymbols(t.database.db, ['CACHE'])).get('CACHE')!;
    await upsertBars(t.database.db, [bar('2024-07-01', 10), bar('2024-07-02', 11)]);
  });
  afterAll(async () => {
    await h.close();
    await t.drop();
  });
  const closes = (body: string) => (JSON.parse(body) as { bars: Array<{ close: number }> }).bars.map((b) => b.close);
  const until = async (ok: () => Promise<boolean>) => {
    for (let i = 0; i < 40 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 50));
  };

  test('an ETag on every response; the same request with If-None-Match is a 304 without a body', async () => {
    const first = await h.app.inject({ url });
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await h.app.inject({ url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  test('a cached response is still only for callers with a key, and the old path shares it', async () => {
    const fresh = await h.app.inject({ url });
    expect(fresh.statusCode).toBe(200);
    expect((await h.app.inject({ url, headers: { authorization: '' } })).statusCode).toBe(401);
    expect((await h.app.inject({ url: `/functions${url}` })).headers.etag).toBe(fresh.headers.etag);
  });

  test('compressed when the client asks for it', async () => {
    const plain = await h.app.inject({ url });
    const gz = await h.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    expect((await h.app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } })).headers['content-encoding']).toBe('br');
  });

  test('a new bar or corporate action drops the cached response at once', async () => {
    expect(closes((await h.app.inject({ url })).body)).toEqual([10, 11]);
    await upsertBars(t.database.db, [bar('2024-07-03', 12)]);
    await until(async () => closes((await h.app.inject({ url })).body).length === 3);
    expect(closes((await h.app.inject({ url })).body)).toEqual([10, 11, 12]);
    await upsertCorporateActions(t.database.db, [{ symbolId: id, type: 'forward_split', exDate: '2024-07-03', ratio: 2, cashAmount: null, provider: 'test' }]);
    await until(async () => closes((await h.app.inject({ url })).body)[0] === 5);
    expect(closes((await h.app.inject({ url })).body)).toEqual([5, 5.5, 12]);
  });

  test('after its LISTEN connection is lost and back, nothing cached before is served', async () => {
    const before = closes((await h.app.inject({ url })).body);
    const { sql } = t.database;
    const listening = async () =>
      (await sql`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen%'`).map((r) => r.pid as number);
    const [pid] = await listening();
    expect(pid).toBeDefined();
    await sql`select pg_terminate_backend(${pid!})`;
    await until(async () => (await listening()).some((p) => p !== pid));
    // Written without an announcement, as a change during the outage would have been missed.
    await sql`insert into bars (symbol_id, timeframe, ts, open, high, low, close, volume, provider, status, fetched_at)
      values (${id}, 'd1', ${marketClock.session('2024-07-08')!.open.toISOString()}, 20, 21, 19, 20, 1000, 'test', 'verified', ${now.toISOString()})`;
    expect(closes((await h.app.inject({ url })).body)).toEqual([...before, 20]);
  });
});

describe('the cache under many distinct requests', () => {
  const MAX = 512 * 1024;
  const SYMBOLS = Array.from({ length: 8 }, (_, i) => `BOUND${i}`);
  let t: TestDatabase;
  let h: TestApp;
  beforeAll(async () => {
    t = await createTestDatabase();
    h = await startTestApp({ db: t, kind: 'postgres', now, config: { chartCacheMaxBytes: MAX } });
    const ids = await ensureSymbols(t.database.db, SYMBOLS);
    // Two years of daily bars each: a full chart is some 60 KiB of JSON.
    const sessions = marketClock.sessionsBetween('2022-07-01', '2024-07-12');
    await upsertBars(t.database.db, [...ids.values()].flatMap((symbolId) => sessions.map((s, i) => ({
      symbolId, timeframe: 'd1' as const, ts: s.open, open: 100 + i, high: 102 + i, low: 99 + i, close: 101 + i,
      volume: 1000 + i, vwap: 100.5 + i, tradeCount: 10, provider: 'test', status: 'verified' as const, fetchedAt: now,
    }))));
    // The cache keeps nothing until it hears data changes.
    for (let i = 0; i < 40 && (h.app.chartCache.stats().entries === 0); i++) {
      await h.app.inject({ url: '/v1/chart?symbol=BOUND0' });
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await h?.close();
    await t?.drop();
  });

  test('one request spelled many ways is one entry: unknown parameters, order, defaults, flags, either path', async () => {
    const before = h.app.chartCache.stats().entries;
    const spellings = [
      '/v1/chart?symbol=BOUND1&start=2024-01-02',
      '/v1/chart?start=2024-01-02&symbol=bound1',
      '/v1/chart?symbol=BOUND1&timeframe=d1&start=2024-01-02&adjustment=split',
      '/v1/chart?symbol=BOUND1&start=2024-01-02&include_forecast=true&include_options=false',
      '/v1/chart?symbol=BOUND1&start=2024-01-02T00:00:00Z&utm_source=x&_=1720800000',
      '/functions/v1/chart?symbol=BOUND1&start=2024-01-02&cachebuster=42',
    ];
    const etags = new Set<string>();
    for (const url of spellings) {
      const res = await h.app.inject({ url });
      expect(res.statusCode).toBe(200);
      etags.add(String(res.headers.etag));
    }
    expect(etags.size).toBe(1);
    expect(h.app.chartCache.stats().entries).toBe(before + 1);
  });

  test('thousands of distinct URLs never take it past its bound in bytes', async () => {
    const encodings = ['', 'gzip', 'br', 'br, gzip'];
    let peak = 0;
    let served = 0;
    const starts = marketClock.sessionsBetween('2022-07-05', '2024-07-12').map((s) => s.date);
    for (let i = 0; i < 2_000; i++) {
      // Known and unknown symbols, two timeframes, many ranges, an unknown parameter each time.
      const symbol = i % 10 < 8 ? SYMBOLS[i % 8]! : `NOPE${i % 50}`;
      const start = starts[(i * 37) % 500]!;
      const url = `/v1/chart?symbol=${symbol}&timeframe=${i % 3 === 0 ? 'w1' : 'd1'}&start=${start}&u${i}=${i}`;
      const res = await h.app.inject({ url, headers: { 'accept-encoding': encodings[i % 4]! } });
      expect([200, 404]).toContain(res.statusCode);
      if (res.statusCode === 200) served++;
      const { bytes } = h.app.chartCache.stats();
      peak = Math.max(peak, bytes);
      expect(bytes).toBeLessThanOrEqual(MAX);
    }
    expect(served).toBeGreaterThan(1_500);
    // The run pressed against the bound, so the check above could have failed.
    expect(peak).toBeGreaterThan(MAX * 0.8);
    expect(h.app.chartCache.stats().inflight).toBe(0);
  }, 120_000);
});
