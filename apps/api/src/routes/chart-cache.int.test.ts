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
