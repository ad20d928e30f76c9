import { simMarket } from '@marketfleet/providers/sim';
import { startFakePolygon, startFakeTradier, startFakeYahoo } from './fakes';

const market = simMarket(5);
const now = () => new Date('2024-07-20T00:00:00Z');

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read loosely: these tests look at error bodies and nested arrays alike
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

describe('fake Polygon', () => {
  it('pages with a next_url carrying a cursor, on the origin it is told to use', async () => {
    const fake = await startFakePolygon({ market, now, maxPageSize: 10, nextUrlOrigin: 'https://api.polygon.io' });
    try {
      const path = '/v2/aggs/ticker/AAPL/range/15/minute/2024-07-01/2024-07-01';
      const first = await get(`${fake.url}${path}?adjusted=false&sort=asc&limit=50000&apiKey=test-key`);
      expect(first.json).toMatchObject({ ticker: 'AAPL', status: 'OK', resultsCount: 10, adjusted: false });
      const next = new URL(first.json.next_url);
      expect(next.origin).toBe('https://api.polygon.io');
      expect([...next.searchParams.keys()]).toEqual(['cursor']);
      expect(next.pathname).toBe(`/v2/aggs/ticker/AAPL/range/15/minute/${first.json.results[9].t + 900_000}/2024-07-01`);
      const second = await get(`${fake.url}${next.pathname}${next.search}&apiKey=test-key`);
      expect(second.json.results[0].t).toBe(first.json.results[9].t + 900_000);
      const empty = await get(`${fake.url}/v2/aggs/ticker/AAPL/range/1/day/2024-07-06/2024-07-07?apiKey=test-key`);
      expect(empty.json).toMatchObject({ resultsCount: 0, status: 'OK' });
      expect(empty.json.results).toBeUndefined();
    } finally {
      await fake.close();
    }
  });

  it('answers auth, validation and quota failures with Polygon’s bodies', async () => {
    const fake = await startFakePolygon({ market, now, requestsPerMinute: 5 });
    try {
      const path = `${fake.url}/v2/aggs/ticker/AAPL/range/1/day/2024-07-01/2024-07-05`;
      expect((await get(path)).json).toMatchObject({ status: 'ERROR', error: 'API Key was not provided' });
      expect((await get(`${path}?apiKey=nope`)).status).toBe(401);
      const bad = await get(`${fake.url}/v2/aggs/ticker/AAPL/range/1/day/July/2024-07-05?apiKey=test-key`);
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatch(/Could not parse the time parameter: 'from'/);
      const statuses = [];
      // Per key: the refused `from` above was the first of test-key's five.
      for (let i = 0; i < 5; i++) statuses.push((await get(path, { Authorization: 'Bearer test-key' })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      await fake.close();
    }
  });
});

describe('fake Yahoo', () => {
  it('sends parallel arrays with nulls, days at the open, and an empty result without timestamps', async () => {
    const fake = await startFakeYahoo({ market, now, nullSlots: [{ symbol: 'AAPL', index: 1 }] });
    try {
      const q = (p1: string, p2: string, interval: string) => `${fake.url}/v8/finance/chart/AAPL?period1=${Date.parse(p1) / 1000}&period2=${Date.parse(p2) / 1000}&interval=${interval}`;
      const intraday = await get(q('2024-07-01T13:30:00Z', '2024-07-01T20:00:00Z', '15m'));
      const r = intraday.json.chart.result[0];
      expect(intraday.json.chart.error).toBeNull();
      expect(r.timestamp).toHaveLength(26);
      expect(r.indicators.quote[0].close[1]).toBeNull();
      expect(r.meta).toMatchObject({ exchangeTimezoneName: 'America/New_York', dataGranularity: '15m', gmtoffset: -14_400 });
      const daily = await get(q('2024-07-01T04:00:00Z', '2024-07-06T04:00:00Z', '1d'));
      expect(daily.json.chart.result[0].timestamp.map((t: number) => new Date(t * 1000).toISOString().slice(11, 16))).toEqual(['13:30', '13:30', '13:30', '13:30']);
      const none = await get(q('2024-07-06T04:00:00Z', '2024-07-07T04:00:00Z', '1d'));
      expect(none.json.chart.result[0]).toEqual({ meta: expect.any(Object), indicators: { quote: [{}] } });
    } finally {
      await fake.close();
    }
  });

  it('answers 404 for an unknown symbol, 422 beyond the intraday limit, and a plain-text 429', async () => {
    const fake = await startFakeYahoo({ market, now, unknownSymbols: ['GONE'], requestsPerMinute: 2 }); // per IP: every caller counts
    try {
      const gone = await get(`${fake.url}/v8/finance/chart/GONE?period1=1&period2=2&interval=1d`);
      expect(gone.status).toBe(404);
      expect(gone.json).toEqual({ chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } });
      const old = await get(`${fake.url}/v8/finance/chart/AAPL?period1=1704067200&period2=1704153600&interval=30m`);
      expect(old.status).toBe(422);
      expect(old.json.chart.error.description).toMatch(/^30m data not available for startTime=1704067200 and endTime=1704153600\. The requested range must be within the last 60 days\.$/);
      const limited = await get(`${fake.url}/v8/finance/chart/AAPL?period1=1&period2=2&interval=1d`);
      expect([limited.status, limited.text, limited.headers.get('content-type')]).toEqual([429, 'Too Many Requests\r\n', 'text/plain;charset=utf-8']);
    } finally {
      await fake.close();
    }
  });
});

describe('fake Tradier', () => {
  const AUTH = { Authorization: 'Bearer test-token', Accept: 'application/json' };

  it('sends one row as an object, none as null, XML without Accept, local times and rate-limit headers', async () => {
    const fake = await startFakeTradier({ market, now });
    try {
      const ts = (start: string, end: string, filter = 'open') =>
        `${fake.url}/v1/markets/timesales?${new URLSearchParams({ symbol: 'AAPL', interval: '15min', start, end, session_filter: filter })}`;
      const one = await get(ts('2024-07-01 09:30', '2024-07-01 09:44'), AUTH);
      expect(one.json.series.data).toMatchObject({ time: '2024-07-01T09:30:00', timestamp: 1719840600 });
      const many = await get(ts('2024-07-01 09:30', '2024-07-01 16:00'), AUTH);
      expect(many.json.series.data).toHaveLength(26);
      expect(many.headers.get('X-Ratelimit-Allowed')).toBe('120');
      expect(Number(many.headers.get('X-Ratelimit-Expiry'))).toBeGreaterThan(Date.now());
      const all = await get(ts('2024-07-01 04:00', '2024-07-12 20:00', 'all'), AUTH);
      const regular = await get(ts('2024-07-01 04:00', '2024-07-12 20:00'), AUTH);
      expect(all.json.series.data.length).toBeGreaterThan(regular.json.series.data.length);
      expect((await get(ts('2024-07-06 09:30', '2024-07-06 16:00'), AUTH)).json).toEqual({ series: null });
      const hist = (start: string, end: string) => `${fake.url}/v1/markets/history?symbol=AAPL&interval=daily&start=${start}&end=${end}`;
      expect((await get(hist('2024-07-01', '2024-07-01'), AUTH)).json.history.day).toMatchObject({ date: '2024-07-01' });
      expect((await get(hist('2024-07-06', '2024-07-07'), AUTH)).json).toEqual({ history: null });
      const xml = await get(hist('2024-07-01', '2024-07-05'), { Authorization: 'Bearer test-token' });
      expect(xml.headers.get('content-type')).toBe('application/xml');
      const denied = await get(hist('2024-07-01', '2024-07-05'), { ...AUTH, Authorization: 'Bearer nope' });
      expect([denied.status, denied.text]).toEqual([401, 'Invalid Access Token']);
    } finally {
      await fake.close();
    }
  });
});
