import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { simMarket } from '@marketfleet/providers/sim';
import { startFakeAlpaca, type FakeAlpaca } from './fakes';

const AUTH = { 'APCA-API-KEY-ID': 'test-key', 'APCA-API-SECRET-KEY': 'test-secret' };
const market = simMarket(5);

interface WireBar {
  t: string;
  o: unknown;
  x_unknown?: unknown;
}
/** Loosely typed: these tests look at whatever the fake sent, errors included. */
interface Body {
  bars: { AAPL: WireBar[]; MSFT: WireBar[] } & Record<string, WireBar[]> & WireBar[];
  next_page_token: string | null;
  message?: string;
  x_top_level?: boolean;
}
interface Got {
  status: number;
  headers: Headers;
  body: Body;
}

async function get(fake: FakeAlpaca, path: string, params: Record<string, string>, headers: Record<string, string> = AUTH): Promise<Got> {
  const res = await fetch(`${fake.url}${path}?${new URLSearchParams(params)}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const WEEK = { symbols: 'AAPL,MSFT', timeframe: '15Min', start: '2024-07-01T04:00:00Z', end: '2024-07-06T04:00:00Z' };

describe('fake Alpaca server', () => {
  let fake: FakeAlpaca;
  beforeAll(async () => {
    fake = await startFakeAlpaca({ seed: 5, market });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.configure({ validationStatus: 400, authMode: 'normal', maxPageSize: undefined, extraFields: false, badBars: [], faults: [], gzip: false });
    fake.resetRateLimits();
  });

  it.each([
    [{ timeframe: '60Min' }, 'invalid timeframe'],
    [{ timeframe: '2Day' }, 'invalid timeframe'],
    [{ timeframe: '5Month' }, 'invalid timeframe'],
    [{ limit: '0' }, 'invalid limit: must be between 1 and 10000'],
    [{ limit: '10001' }, 'invalid limit: must be between 1 and 10000'],
    [{ feed: 'nasdaq' }, 'invalid feed: nasdaq'],
    [{ sort: 'up' }, 'invalid sort: up'],
    [{ adjustment: 'raw,magic' }, 'invalid adjustment: raw,magic'],
    [{ start: '2024-13-01T00:00:00Z' }, 'invalid start: 2024-13-01T00:00:00Z'],
    [{ end: 'tomorrow' }, 'invalid end: tomorrow'],
    [{ start: '2024-07-05T00:00:00Z', end: '2024-07-01T00:00:00Z' }, 'end should not be before start'],
    [{ foo: '1' }, 'unexpected query parameter(s): foo'],
    [{ symbols: 'AAPL,BAD SYM' }, 'invalid symbol: BAD SYM'],
  ])('rejects %p with 400', async (patch, message) => {
    const r = await get(fake, '/v2/stocks/bars', { ...WEEK, ...patch });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message });
  });

  it('accepts the rest of the grammar: 1Hour, 4Hour, 15T, 1W, 3M, combined adjustments, dates', async () => {
    for (const timeframe of ['1Hour', '4Hour', '15T', '1W', '3M', '1D']) {
      expect((await get(fake, '/v2/stocks/bars', { ...WEEK, timeframe })).status).toBe(200);
    }
    const r = await get(fake, '/v2/stocks/bars', { ...WEEK, adjustment: 'split,dividend', start: '2024-07-01', end: '2024-07-01', feed: 'iex', sort: 'desc' });
    expect(r.status).toBe(200);
    expect(r.body.bars.AAPL.length).toBeGreaterThanOrEqual(26);
  });

  it('refuses configured symbols, and answers 422 with code 42210000 in that mode', async () => {
    fake.configure({ refusedSymbols: ['EVIL'] });
    expect((await get(fake, '/v2/stocks/bars', { ...WEEK, symbols: 'AAPL,EVIL' })).body).toEqual({ message: 'invalid symbol: EVIL' });
    fake.configure({ validationStatus: 422, refusedSymbols: [] });
    const r = await get(fake, '/v2/stocks/bars', { ...WEEK, timeframe: '60Min' });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ code: 42210000, message: 'invalid timeframe' });
  });

  it('answers 403 forbidden for a missing or wrong key, and 401 in that mode, with rate-limit headers', async () => {
    const missing = await get(fake, '/v2/stocks/bars', WEEK, {});
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual({ message: 'forbidden.' });
    expect((await get(fake, '/v2/stocks/bars', WEEK, { ...AUTH, 'APCA-API-SECRET-KEY': 'nope' })).status).toBe(403);
    fake.configure({ authMode: 'unauthorized' });
    const r = await get(fake, '/v2/stocks/bars', WEEK);
    expect(r.status).toBe(401);
    for (const h of ['X-Request-ID', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']) expect(r.headers.get(h)).toBeTruthy();
  });

  it('rate-limits per key with X-RateLimit-* headers, then 429', async () => {
    fake.configure({ requestsPerMinute: 2 });
    try {
      const a = await get(fake, '/v2/stocks/bars', WEEK);
      const b = await get(fake, '/v2/stocks/bars', WEEK);
      const c = await get(fake, '/v2/stocks/bars', WEEK);
      expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
      expect([a, b, c].map((r) => r.headers.get('X-RateLimit-Remaining'))).toEqual(['1', '0', '0']);
      expect(c.headers.get('X-RateLimit-Limit')).toBe('2');
      const reset = Number(c.headers.get('X-RateLimit-Reset'));
      expect(reset * 1000).toBeGreaterThan(Date.now());
      expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 61_000);
      expect(new Set([a, b, c].map((r) => r.headers.get('X-Request-ID'))).size).toBe(3);
    } finally {
      fake.configure({ requestsPerMinute: undefined });
    }
  });

  it('pages across symbols at `limit`, with deterministic tokens and null on the last page', async () => {
    const whole = await get(fake, '/v2/stocks/bars', WEEK);
    expect(whole.body.next_page_token).toBeNull();
    const total = whole.body.bars.AAPL.length + whole.body.bars.MSFT.length;
    const pages: Body[] = [];
    let token: string | null = null;
    do {
      const r = await get(fake, '/v2/stocks/bars', { ...WEEK, limit: '40', ...(token ? { page_token: token } : {}) });
      pages.push(r.body);
      token = r.body.next_page_token;
    } while (token !== null);
    expect(pages).toHaveLength(Math.ceil(total / 40));
    const glued: Record<string, unknown[]> = {};
    for (const p of pages) for (const [s, list] of Object.entries(p.bars)) (glued[s] ??= []).push(...(list as unknown[]));
    expect(glued).toEqual(whole.body.bars);
    // Some page holds the end of AAPL and the start of MSFT: the limit counts across symbols.
    expect(pages.some((p) => p.bars.AAPL && p.bars.MSFT)).toBe(true);
    const again = await get(fake, '/v2/stocks/bars', { ...WEEK, limit: '40' });
    expect(again.body.next_page_token).toBe(pages[0]!.next_page_token);
    expect(Buffer.from(pages[0]!.next_page_token!, 'base64').toString()).toMatch(/^AAPL\|A\|2024-07-0/);
  });

  it('serves short pages with a token in that mode', async () => {
    fake.configure({ shortPages: true });
    try {
      const r = await get(fake, '/v2/stocks/bars', { ...WEEK, limit: '100' });
      expect(r.body.bars.AAPL).toHaveLength(50);
      expect(r.body.next_page_token).not.toBeNull();
    } finally {
      fake.configure({ shortPages: false });
    }
  });

  it('labels bars as Alpaca does: days at New York midnight, hours on the clock, extended hours present', async () => {
    const day = await get(fake, '/v2/stocks/bars', { ...WEEK, timeframe: '1Day', start: '2024-07-01', end: '2024-07-05' });
    expect(day.body.bars.AAPL.map((b) => b.t)).toEqual(['2024-07-01T04:00:00Z', '2024-07-02T04:00:00Z', '2024-07-03T04:00:00Z', '2024-07-05T04:00:00Z']);
    const winter = await get(fake, '/v2/stocks/bars', { ...WEEK, timeframe: '1Day', start: '2024-01-02', end: '2024-01-02' });
    expect(winter.body.bars.AAPL[0]!.t).toBe('2024-01-02T05:00:00Z');
    const hour = await get(fake, '/v2/stocks/bars', { ...WEEK, timeframe: '1Hour', start: '2024-07-01T13:00:00Z', end: '2024-07-01T19:59:59Z', symbols: 'AAPL' });
    expect(hour.body.bars.AAPL[0]!.t).toBe('2024-07-01T13:00:00Z'); // 09:00–10:00 holds 09:30 and 09:45
    const four = await get(fake, '/v2/stocks/bars', { ...WEEK, timeframe: '4Hour', symbols: 'AAPL', start: '2024-07-01', end: '2024-07-01' });
    // 4n-hour New York grid: 08:00 holds 09:30–11:45, 12:00 the afternoon, 16:00 only after-hours.
    const fourTs = four.body.bars.AAPL.map((b) => b.t);
    expect(fourTs.filter((t) => t === '2024-07-01T12:00:00Z' || t === '2024-07-01T16:00:00Z')).toHaveLength(2);
    expect(fourTs.every((t) => ['04', '08', '12', '16', '20'].includes(t.slice(11, 13)))).toBe(true);
    const week = await get(fake, '/v2/stocks/bars', { ...WEEK, timeframe: '1Week', symbols: 'AAPL', start: '2024-07-01', end: '2024-07-12' });
    expect(week.body.bars.AAPL.map((b) => b.t)).toEqual(['2024-07-01T04:00:00Z', '2024-07-08T04:00:00Z']);
    const m15 = await get(fake, '/v2/stocks/bars', { ...WEEK, start: '2024-06-01T00:00:00Z', end: '2024-07-01T00:00:00Z', symbols: 'AAPL' });
    const ts = m15.body.bars.AAPL.map((b) => b.t);
    const extended = ts.filter((t: string) => t.slice(11, 16) < '13:30' || t.slice(11, 16) >= '20:00');
    expect(extended.length).toBeGreaterThan(0);
    expect(ts.length - extended.length).toBe(26 * 19 + 0); // June 2024: 19 full sessions (Juneteenth closed)
  });

  it('answers empty ranges as {} on the multi endpoint and null on the single one', async () => {
    const multi = await get(fake, '/v2/stocks/bars', { ...WEEK, start: '2024-07-04', end: '2024-07-04' });
    expect(multi.body).toEqual({ bars: {}, next_page_token: null });
    const single = await get(fake, '/v2/stocks/ZZZ/bars', { timeframe: '15Min', start: '2024-07-06T00:00:00Z', end: '2024-07-07T00:00:00Z' });
    expect(single.body).toEqual({ bars: null, symbol: 'ZZZ', next_page_token: null });
    const some = await get(fake, '/v2/stocks/ZZZ/bars', { timeframe: '1Day', start: '2024-07-01', end: '2024-07-02' });
    expect(some.body.bars).toHaveLength(2);
    expect((await get(fake, '/v2/stocks/ZZZ/bars', { timeframe: '1Day', symbols: 'ZZZ' })).body.message).toMatch(/unexpected/);
  });

  it('injects faults in order: 503, truncated body, then normal', async () => {
    fake.configure({ faults: [{ type: 'status', status: 503 }, { type: 'truncate' }] });
    const a = await fetch(`${fake.url}/v2/stocks/bars?${new URLSearchParams(WEEK)}`, { headers: AUTH });
    expect(a.status).toBe(503);
    const b = await fetch(`${fake.url}/v2/stocks/bars?${new URLSearchParams(WEEK)}`, { headers: AUTH });
    expect(b.status).toBe(200);
    await expect(b.json()).rejects.toThrow();
    expect((await get(fake, '/v2/stocks/bars', WEEK)).status).toBe(200);
  });

  it('corrupts chosen bars and adds unknown fields on request', async () => {
    fake.configure({ badBars: [{ symbol: 'AAPL', index: 1, field: 'o', value: 'NaN' }], extraFields: true });
    const r = await get(fake, '/v2/stocks/bars', WEEK);
    expect(r.body.bars.AAPL[1]!.o).toBe('NaN');
    expect(r.body.bars.AAPL[0]!.x_unknown).toEqual({ a: [1, 2] });
    expect(r.body.x_top_level).toBe(true);
  });

  it('gzips when asked and enabled', async () => {
    fake.configure({ gzip: true });
    const body = await new Promise<{ enc: string | undefined; json: Body }>((resolve, reject) => {
      const req = request(`${fake.url}/v2/stocks/bars?${new URLSearchParams(WEEK)}`, { headers: { ...AUTH, 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ enc: res.headers['content-encoding'], json: JSON.parse(gunzipSync(Buffer.concat(chunks)).toString()) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body.enc).toBe('gzip');
    expect(body.json.bars.AAPL.length).toBeGreaterThanOrEqual(26 * 3 + 14);
  });

  it('serves 10,000-bar pages across many symbols and counts what it served', async () => {
    const symbols = Array.from({ length: 40 }, (_, i) => `S${i}`).join(',');
    const params = { symbols, timeframe: '15Min', start: '2024-01-01T00:00:00Z', end: '2024-03-01T00:00:00Z', limit: '10000' };
    fake.resetStats();
    await get(fake, '/v2/stocks/bars', params); // fills the cache
    let served = 0;
    let token: string | null = null;
    do {
      const r = await get(fake, '/v2/stocks/bars', { ...params, ...(token ? { page_token: token } : {}) });
      for (const list of Object.values(r.body.bars)) served += (list as unknown[]).length;
      token = r.body.next_page_token;
    } while (token !== null);
    expect(served).toBeGreaterThan(40 * 26 * 40);
    expect(fake.stats.barsServed).toBe(served + 10_000);
    expect(fake.stats.byStatus['200']).toBe(fake.stats.requests);
  });
});
