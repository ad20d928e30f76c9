import { addToWatchlist, ensureSymbols, markJobFinished, markJobQueued, saveForecast, upsertBars, upsertCorporateActions } from '@marketfleet/db';
import { contractValidator, createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { marketClock } from '@marketfleet/market';
import { startTestApp, type TestApp } from '../testing/test-app';

const validate = contractValidator('data-health');

// Wednesday 2024-07-10, 11:07 New York.
const now = new Date('2024-07-10T15:07:00Z');

describe('GET /v1/data-health', () => {
  let t: TestDatabase;
  let h: TestApp;
  beforeAll(async () => {
    t = await createTestDatabase();
    h = await startTestApp({ db: t, kind: 'postgres', now });
    const db = t.database.db;
    await addToWatchlist(db, ['AAA', 'BBB', 'CCC']);
    const ids = await ensureSymbols(db, ['AAA', 'BBB']);
    const session = marketClock.session('2024-07-10')!;
    // AAA: m15 up to the last closed bar (fresh); BBB: m15 until 09:45 only (stale).
    const m15 = (id: number, until: Date) =>
      marketClock.expectedBars('m15', session.open, until).map((ts) => ({
        symbolId: id, timeframe: 'm15' as const, ts, open: 10, high: 11, low: 9, close: 10, volume: 100, vwap: 10,
        tradeCount: 5, provider: 'test', status: 'provisional' as const, fetchedAt: now,
      }));
    await upsertBars(db, [...m15(ids.get('AAA')!, new Date('2024-07-10T15:00:00Z')), ...m15(ids.get('BBB')!, new Date('2024-07-10T13:46:00Z'))]);
    await upsertCorporateActions(db, [{ symbolId: ids.get('BBB')!, type: 'forward_split', exDate: '2024-07-15', ratio: 2, cashAmount: null, provider: 'test' }]);
    await markJobQueued(db, { jobId: 'failing-chunk', queue: 'ingest', name: 'backfill-chunk', symbols: ['AAA'], timeframes: ['m15'] });
    await markJobFinished(db, 'failing-chunk', { status: 'failed', error: 'provider down' });
  });
  afterAll(async () => {
    await h.close();
    await t.drop();
  });

  const get = (url: string) => h.app.inject({ url });

  test('a forecast made from the latest bar is current; its age is reported', async () => {
    const aaa = (await ensureSymbols(t.database.db, ['AAA'])).get('AAA')!;
    const lastBarTs = new Date('2024-07-10T14:45:00Z');
    await saveForecast(t.database.db, {
      symbolId: aaa, timeframe: 'm15', horizon: '15m', runAt: new Date('2024-07-10T15:02:00Z'), lastBarTs, modelVersion: 'test',
      label: 'neutral', confidence: 0.4, probabilities: { bearish: 0.3, neutral: 0.4, bullish: 0.3 }, currentPrice: 10, targetPrice: 10,
      expectedReturn: 0, threshold: 0.001, points: [], weights: {}, components: {}, calibrated: false, bandMethod: 'volatility',
      trainingFrom: lastBarTs, trainingTo: lastBarTs, trainingRows: 300,
    });
    const status = (await get('/v1/data-health?symbol=AAA&timeframe=m15')).json().healthStatuses[0];
    expect(status.forecast).toEqual({ latestRunAt: '2024-07-10T15:02:00.000Z', isStale: false, ageHours: 0.1 });
    await t.database.sql`delete from forecasts`;
  });

  test('one status per watchlist symbol × timeframe, valid against the contract, at both paths', async () => {
    const res = await get('/v1/data-health');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(validate(body)).toBe(true);
    expect(body.healthStatuses).toHaveLength(15);
    // No forecasts yet: stale for the three timeframes forecasts are made from (d1, m15, h1), not for h4 and w1.
    expect(body.summary).toMatchObject({ totalChecks: 15, marketOpen: true, pendingSplits: 1, staleForecast: 9 });
    expect(body.page).toEqual({ offset: 0, limit: 100, totalSymbols: 3, nextOffset: null });
    const old = await get('/functions/v1/data-health');
    expect(old.json().healthStatuses).toHaveLength(15);
  });

  test('each series is graded by its own bars, jobs and actions', async () => {
    const of = async (symbol: string) => (await get(`/v1/data-health?symbol=${symbol}&timeframe=m15`)).json().healthStatuses[0];
    const aaa = await of('AAA');
    expect(aaa).toMatchObject({
      overallHealth: 'warning', // a failed fetch today
      freshness: { isStale: false },
      coverage: { hasCoverage: true, expectedBars: 6, actualBars: 6, gaps: 0 },
      jobs: { failedJobsLast24h: 1, latestStatus: 'failed' },
    });
    const bbb = await of('bbb');
    expect(bbb).toMatchObject({ freshness: { isStale: true }, market: { hasPendingSplits: true, pendingSplitCount: 1 } });
    expect(bbb.overallHealth).not.toBe('healthy');
    const ccc = await of('CCC');
    expect(ccc).toMatchObject({ overallHealth: 'critical', coverage: { hasCoverage: false, expectedBars: 0, actualBars: 0 } });
  });

  test('pages through the whole watchlist, naming the next page until the last', async () => {
    const first = (await get('/v1/data-health?limit=2')).json();
    expect(first.healthStatuses.map((s: { symbol: string }) => s.symbol)).toEqual([...Array(5).fill('AAA'), ...Array(5).fill('BBB')]);
    expect(first.page).toEqual({ offset: 0, limit: 2, totalSymbols: 3, nextOffset: 2 });
    const second = (await get('/v1/data-health?limit=2&offset=2')).json();
    expect(second.page.nextOffset).toBeNull();
    expect(second.healthStatuses[0].symbol).toBe('CCC');
  });

  test('bad parameters are 400s naming them; an unknown symbol is 404', async () => {
    for (const [q, param] of [['timeframe=m5', 'timeframe'], ['limit=0', 'limit'], ['limit=9999', 'limit'], ['offset=-1', 'offset'], ['symbol=a%20b', 'symbol'],
      ['limit=0x10', 'limit'], ['limit=1e2', 'limit'], ['limit=%2010', 'limit'], ['limit=%2B10', 'limit'], ['limit=', 'limit'],
      ['offset=0x10', 'offset'], ['offset=1e3', 'offset'], ['offset=', 'offset'], ['offset=9999999999', 'offset']]) {
      const res = await get(`/v1/data-health?${q}`);
      expect([q, res.statusCode]).toEqual([q, 400]);
      expect(res.json().message).toMatch(new RegExp(`^${param!}: `));
    }
    expect((await get('/v1/data-health?symbol=NOPE')).statusCode).toBe(404);
  });
});
