import { ensureSymbols, markJobQueued, saveForecast, upsertBars, type BarRow } from '@marketfleet/db';
import { marketClock, TIMEFRAMES, type Timeframe } from '@marketfleet/market';
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from '../testing/test-app';
import { contractValidator } from '@marketfleet/testing';

// Tuesday 23 Jan 2024, 12:00 in New York: the market is open.
const NOW = new Date('2024-01-23T17:00:00Z');
const DAY = 86_400_000;

const validateChart = contractValidator('chart');

/** Bars on every expected start in [from, to), with prices that pass validation. */
function barsFor(symbolId: number, tf: Timeframe, from: Date, to: Date): BarRow[] {
  return marketClock.expectedBars(tf, from, to).map((ts, i) => ({
    symbolId,
    timeframe: tf,
    ts,
    open: 100 + i,
    high: 102 + i,
    low: 99 + i,
    close: 101 + i,
    volume: 1000 + i,
    vwap: null,
    tradeCount: null,
    provider: 'sim',
    status: 'verified',
    fetchedAt: NOW,
  }));
}

let t: TestDatabase;
let h: TestApp;
const get = (url: string) => h.app.inject({ method: 'GET', url });

beforeAll(async () => {
  t = await createTestDatabase();
  const ids = await ensureSymbols(t.database.db, ['AAPL', 'MSFT', 'BRK.B', 'NOBARS']);
  const aapl = ids.get('AAPL')!;
  // Seven years back, up to the newest closed bar: more than any default window holds.
  for (const tf of TIMEFRAMES) {
    const from = new Date(NOW.getTime() - (tf === 'w1' ? 7 * 365 : tf === 'd1' ? 400 : 40) * DAY);
    const upTo = new Date(marketClock.lastClosedBar(tf, NOW)!.getTime() + 1);
    await upsertBars(t.database.db, barsFor(aapl, tf, from, upTo));
  }
  // MSFT's daily bars stop a week ago.
  await upsertBars(t.database.db, barsFor(ids.get('MSFT')!, 'd1', new Date('2024-01-01'), new Date('2024-01-16')));
  await upsertBars(t.database.db, barsFor(ids.get('BRK.B')!, 'd1', new Date('2024-01-01'), NOW));
  h = await startTestApp({ db: t, kind: 'postgres', now: NOW });
});

afterAll(async () => {
  await h?.close();
  await t?.drop();
});

describe('GET /v1/chart', () => {
  test.each(TIMEFRAMES)('%s: default range, bars ascending and inside it, matches the contract', async (tf) => {
    const res = await get(`/v1/chart?symbol=AAPL&timeframe=${tf}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(validateChart(body) ? [] : validateChart.errors).toEqual([]);

    const start = Date.parse(body.meta.requestedRange.start);
    const end = Date.parse(body.meta.requestedRange.end);
    expect(end).toBe(NOW.getTime());
    const ts: number[] = body.bars.map((b: { ts: string }) => Date.parse(b.ts));
    expect(ts.length).toBeGreaterThan(0);
    expect(ts.every((x, i) => x >= start && x < end && (i === 0 || x > ts[i - 1]!))).toBe(true);
    const lastClosed = marketClock.lastClosedBar(tf, NOW)!.toISOString();
    // Every bar the calendar expects in the range, except the one still in progress (not seeded).
    const seeded = new Date(Date.parse(lastClosed) + 1);
    expect(ts.length).toBe(marketClock.countExpectedBars(tf, new Date(start), seeded));
    expect(body).toMatchObject({
      symbol: 'AAPL',
      timeframe: tf,
      forecast: null,
      optionsRanks: [],
      meta: {
        lastBarTs: lastClosed,
        dataStatus: 'fresh',
        isMarketOpen: true,
        latestForecastRunAt: null,
        hasPendingSplits: false,
        pendingSplitInfo: null,
        totalBars: ts.length,
      },
      freshness: { slaMinutes: { m15: 30, h1: 120, h4: 480, d1: 1440, w1: 10_080 }[tf], isWithinSla: true },
    });
    expect(body.freshness.ageMinutes).toBe(Math.round((NOW.getTime() - Date.parse(lastClosed)) / 60_000));
    expect(body.bars[0]).toEqual({
      ts: expect.any(String),
      open: expect.any(Number),
      high: expect.any(Number),
      low: expect.any(Number),
      close: expect.any(Number),
      volume: expect.any(Number),
      provider: 'sim',
      dataStatus: 'verified',
    });
  });

  test('the default timeframe is d1 over the last 365 days', async () => {
    const body = (await get('/v1/chart?symbol=AAPL')).json();
    expect(body.timeframe).toBe('d1');
    expect(body.meta.requestedRange).toEqual({
      start: new Date(NOW.getTime() - 365 * DAY).toISOString(),
      end: NOW.toISOString(),
    });
  });

  test('an explicit range of dates: whole UTC days, the end date included', async () => {
    const body = (await get('/v1/chart?symbol=AAPL&timeframe=d1&start=2024-01-08&end=2024-01-12')).json();
    expect(body.meta.requestedRange).toEqual({ start: '2024-01-08T00:00:00.000Z', end: '2024-01-13T00:00:00.000Z' });
    expect(body.bars.map((b: { ts: string }) => b.ts)).toEqual([
      '2024-01-08T14:30:00.000Z',
      '2024-01-09T14:30:00.000Z',
      '2024-01-10T14:30:00.000Z',
      '2024-01-11T14:30:00.000Z',
      '2024-01-12T14:30:00.000Z',
    ]);
    // One day: its intraday bars, the last one included.
    const day = (await get('/v1/chart?symbol=AAPL&timeframe=h1&start=2024-01-22&end=2024-01-22')).json();
    expect(day.bars).toHaveLength(7);
    expect(day.bars[6].ts).toBe('2024-01-22T20:30:00.000Z');
  });

  test('a date-time end stays exclusive', async () => {
    const body = (await get('/v1/chart?symbol=AAPL&timeframe=d1&start=2024-01-08&end=2024-01-12T14:30:00Z')).json();
    expect(body.meta.requestedRange.end).toBe('2024-01-12T14:30:00.000Z');
    expect(body.bars.map((b: { ts: string }) => b.ts).at(-1)).toBe('2024-01-11T14:30:00.000Z');
  });

  test('date-times with an offset are accepted', async () => {
    const res = await get('/v1/chart?symbol=AAPL&timeframe=h1&start=2024-01-22T09:30:00-05:00&end=2024-01-22T12:30:00-05:00');
    expect(res.statusCode).toBe(200);
    expect(res.json().bars.map((b: { ts: string }) => b.ts)).toEqual([
      '2024-01-22T14:30:00.000Z',
      '2024-01-22T15:30:00.000Z',
      '2024-01-22T16:30:00.000Z',
    ]);
  });

  test('the symbol is trimmed and uppercased; the old flags are accepted and ignored', async () => {
    const res = await get('/v1/chart?symbol=%20brk.b%20&include_forecast=false&include_options=true');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ symbol: 'BRK.B', forecast: null, optionsRanks: [] });
  });

  test('/functions/v1/chart answers exactly like /v1/chart', async () => {
    for (const q of ['symbol=AAPL&timeframe=h4', 'symbol=msft', 'symbol=ZZZZ', 'timeframe=d1']) {
      const [a, b] = await Promise.all([get(`/v1/chart?${q}`), get(`/functions/v1/chart?${q}`)]);
      expect(b.statusCode).toBe(a.statusCode);
      expect(b.json()).toEqual(a.json());
    }
  });

  test('daily bars a week old are stale', async () => {
    const body = (await get('/v1/chart?symbol=MSFT&timeframe=d1')).json();
    expect(validateChart(body)).toBe(true);
    expect(body.meta).toMatchObject({ lastBarTs: '2024-01-12T14:30:00.000Z', dataStatus: 'stale' });
    expect(body.freshness).toEqual({ ageMinutes: 15_990, slaMinutes: 1440, isWithinSla: false });
  });

  test('a symbol without bars: empty, stale, no age', async () => {
    const body = (await get('/v1/chart?symbol=NOBARS&timeframe=m15')).json();
    expect(validateChart(body)).toBe(true);
    expect(body.bars).toEqual([]);
    expect(body.meta).toMatchObject({ lastBarTs: null, dataStatus: 'stale', totalBars: 0 });
    expect(body.freshness).toEqual({ ageMinutes: null, slaMinutes: 30, isWithinSla: false });
  });

  test('a queued job for the symbol and timeframe makes it updating', async () => {
    await markJobQueued(t.database.db, {
      jobId: 'chart-test-msft-d1',
      queue: 'ingest',
      name: 'bars-daily',
      symbols: ['MSFT'],
      timeframes: ['d1'],
    });
    // Cached charts are dropped when the job's NOTIFY arrives, a moment after its commit.
    let d1 = (await get('/v1/chart?symbol=MSFT&timeframe=d1')).json();
    for (let i = 0; i < 40 && d1.meta.dataStatus !== 'updating'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      d1 = (await get('/v1/chart?symbol=MSFT&timeframe=d1')).json();
    }
    expect(d1.meta.dataStatus).toBe('updating');
    expect(d1.freshness.isWithinSla).toBe(false);
    // Other timeframes and symbols are not covered by that job.
    expect((await get('/v1/chart?symbol=MSFT&timeframe=h1')).json().meta.dataStatus).toBe('stale');
    expect((await get('/v1/chart?symbol=AAPL&timeframe=d1')).json().meta.dataStatus).toBe('fresh');
  });

  test('an unknown symbol is 404', async () => {
    const res = await get('/v1/chart?symbol=zzzz');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: 'Symbol not found: ZZZZ' });
  });

  test.each([
    ['', /^symbol: is required$/],
    ['symbol=', /^symbol: must be a ticker/],
    ['symbol=1ABC', /^symbol: must be a ticker/],
    ['symbol=ABCDEFGHIJK', /^symbol: must be a ticker/],
    ['symbol=A%20B', /^symbol: must be a ticker/],
    ['symbol=A&symbol=B', /^symbol: must be a ticker, given once$/],
    ['symbol=AAPL&timeframe=m5', /^timeframe: must be one of m15, h1, h4, d1, w1$/],
    ['symbol=AAPL&timeframe=D1', /^timeframe: must be one of m15, h1, h4, d1, w1$/],
    ['symbol=AAPL&start=yesterday', /^start: must be an ISO-8601 date/],
    ['symbol=AAPL&start=2024-02-30', /^start: must be an ISO-8601 date/],
    ['symbol=AAPL&end=2024-01-02T10:00', /^end: must be an ISO-8601 date/],
    ['symbol=AAPL&start=2024-02-01&end=2024-01-01', /^start: must not be after end/],
    ['symbol=AAPL&timeframe=m15&start=2023-01-01&end=2024-01-01', /^start: the range holds \d+ m15 bars, more than the maximum of 5000/],
    ['symbol=AAPL&timeframe=d1&start=1990-01-02', /^start: the range holds at least \d+ d1 bars, more than the maximum of 5000/],
    // Dates the database or the market clock cannot take are refused before any query.
    ['symbol=AAPL&start=0000-01-01&end=0000-01-31', /^start: must lie between 1990-01-01 and 2100-12-31/],
    ['symbol=AAPL&start=0001-01-01T00:00:00Z&end=0001-01-02T00:00:00Z', /^start: must lie between 1990-01-01 and 2100-12-31/],
    ['symbol=AAPL&start=9999-12-01&end=9999-12-31', /^start: must lie between 1990-01-01 and 2100-12-31/],
    ['symbol=AAPL&end=9999-12-31', /^end: must lie between 1990-01-01 and 2100-12-31/],
    ['symbol=AAPL&end=9999-12-31T23:59:59Z', /^end: must lie between 1990-01-01 and 2100-12-31/],
    ['symbol=AAPL&start=1989-12-31&end=1990-01-10', /^start: must lie between 1990-01-01 and 2100-12-31/],
    ['symbol=AAPL&start=2100-12-30&end=2101-01-01', /^end: must lie between 1990-01-01 and 2100-12-31/],
    ['symbol=AAPL&start=2100-12-31T00:00:00Z&end=2100-12-31T23:00:00-05:00', /^end: must lie between 1990-01-01 and 2100-12-31/],
    ['symbol=AAPL&start=%2B275760-09-13&end=%2B275760-09-13', /^start: must be an ISO-8601 date/],
    ['symbol=AAPL&start=-000001-01-01', /^start: must be an ISO-8601 date/],
    ['symbol=AAPL&include_forecast=yes', /^include_forecast: must be 'true' or 'false'$/],
  ])('400 for ?%s', async (query, message) => {
    for (const path of ['/v1/chart', '/functions/v1/chart']) {
      const res = await get(`${path}?${query}`);
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['error', 'message']);
      expect(body.error).toBe('bad_request');
      expect(body.message).toMatch(message);
    }
  });

  test('the edges of the supported range are served', async () => {
    for (const query of ['start=1990-01-01&end=1990-01-31', 'start=2100-12-01&end=2100-12-31', 'start=2100-12-31T00:00:00Z&end=2100-12-31T23:00:00Z', 'start=2024-02-29&end=2024-02-29']) {
      const res = await get(`/v1/chart?symbol=AAPL&timeframe=d1&${query}`);
      expect([res.statusCode, query]).toEqual([200, query]);
    }
  });

  test('range errors win over an unknown symbol', async () => {
    const res = await get('/v1/chart?symbol=ZZZZ&start=2024-02-01&end=2024-01-01');
    expect(res.statusCode).toBe(400);
  });
});

describe('the chart forecast', () => {
  const point = (ts: string, value: number) => ({ ts, value, lower80: value - 1, upper80: value + 1, lower95: value - 2, upper95: value + 2 });
  beforeAll(async () => {
    const aapl = (await ensureSymbols(t.database.db, ['AAPL'])).get('AAPL')!;
    const lastBarTs = marketClock.lastClosedBar('d1', NOW)!;
    for (const [horizon, runAt] of [['1W', '2024-01-22T21:30:00Z'], ['1D', '2024-01-22T21:31:00Z']] as const) {
      await saveForecast(t.database.db, {
        symbolId: aapl, timeframe: 'd1', horizon, runAt: new Date(runAt), lastBarTs, modelVersion: 'test',
        label: 'bullish', confidence: 0.45, probabilities: { bearish: 0.25, neutral: 0.3, bullish: 0.45 }, currentPrice: 100, targetPrice: 101,
        expectedReturn: 0.01, threshold: 0.01, points: [point('2024-01-24T14:30:00.000Z', 101)], weights: { naive: 1 }, components: {},
        calibrated: true, bandMethod: 'conformal', trainingFrom: lastBarTs, trainingTo: lastBarTs, trainingRows: 500,
      });
    }
  });

  test('d1 shows the latest 1W forecast by default, its path with the 80 % band, in the contract', async () => {
    const body = (await get('/v1/chart?symbol=AAPL&timeframe=d1')).json();
    expect(validateChart(body) ? [] : validateChart.errors).toEqual([]);
    expect(body.forecast).toEqual({
      label: 'bullish', confidence: 0.45, horizon: '1W', runAt: '2024-01-22T21:30:00.000Z',
      points: [{ ts: '2024-01-24T14:30:00.000Z', value: 101, lower: 100, upper: 102 }],
    });
    expect(body.meta.latestForecastRunAt).toBe('2024-01-22T21:31:00.000Z');
    expect((await get('/v1/chart?symbol=AAPL&timeframe=d1&horizon=1D')).json().forecast.horizon).toBe('1D');
    expect((await get('/v1/chart?symbol=AAPL&timeframe=m15')).json().forecast).toBeNull();
  });

  test('a horizon of another timeframe, or an unknown one, is a 400 naming it', async () => {
    for (const q of ['timeframe=d1&horizon=15m', 'timeframe=m15&horizon=1W', 'timeframe=d1&horizon=2M']) {
      const res = await get(`/v1/chart?symbol=AAPL&${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/^horizon/);
    }
  });
});
