import { ensureSymbols, upsertBars, upsertCorporateActions } from '@marketfleet/db';
import { contractValidator, createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { marketClock } from '@marketfleet/market';
import { startTestApp, type TestApp } from '../testing/test-app';

const validateChart = contractValidator('chart');

// Friday 2024-06-07, 11:00 New York: a 4:1 split of SPLT is ahead (Wednesday), one of OLD is past.
const now = new Date('2024-06-07T15:00:00Z');

describe('market status and split-aware charts', () => {
  let t: TestDatabase;
  let h: TestApp;
  beforeAll(async () => {
    t = await createTestDatabase();
    h = await startTestApp({ db: t, kind: 'postgres', now });
    const db = t.database.db;
    const ids = await ensureSymbols(db, ['SPLT', 'OLD']);
    await upsertCorporateActions(db, [
      { symbolId: ids.get('SPLT')!, type: 'forward_split', exDate: '2024-06-12', ratio: 4, cashAmount: null, provider: 'test' },
      { symbolId: ids.get('SPLT')!, type: 'cash_dividend', exDate: '2024-06-20', ratio: null, cashAmount: 0.25, provider: 'test' },
      { symbolId: ids.get('OLD')!, type: 'forward_split', exDate: '2024-05-01', ratio: 2, cashAmount: null, provider: 'test' },
    ]);
    // OLD's raw daily bars jump from 200 to 100 at its past 2:1 split.
    await upsertBars(db, ['2024-04-29', '2024-04-30', '2024-05-01', '2024-05-02'].map((d, i) => ({
      symbolId: ids.get('OLD')!, timeframe: 'd1' as const, ts: marketClock.session(d)!.open, open: i < 2 ? 200 : 100,
      high: i < 2 ? 202 : 101, low: i < 2 ? 198 : 99, close: i < 2 ? 200 : 100, volume: 1000, vwap: null, tradeCount: null,
      provider: 'test', status: 'verified' as const, fetchedAt: now,
    })));
  });
  afterAll(async () => {
    await h.close();
    await t.drop();
  });

  test('market-status answers from the clock and the stored actions, at both paths', async () => {
    const res = await h.app.inject({ url: '/v1/market-status' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      market: {
        isOpen: true, nextOpen: '2024-06-10T13:30:00.000Z', nextClose: '2024-06-07T20:00:00.000Z', timestamp: now.toISOString(),
      },
      pendingActions: [
        { symbol: 'SPLT', type: 'forward_split', exDate: '2024-06-12', ratio: 4, cashAmount: null },
        { symbol: 'SPLT', type: 'cash_dividend', exDate: '2024-06-20', ratio: null, cashAmount: 0.25 },
      ],
    });
    const old = await h.app.inject({ url: '/functions/v1/market-status?symbol=old' });
    expect(old.json().pendingActions).toEqual([]);
    expect((await h.app.inject({ url: '/v1/market-status?symbol=NOPE' })).statusCode).toBe(404);
    const bad = await h.app.inject({ url: '/v1/market-status?symbol=a%20b' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/symbol/);
  });

  test('the chart reports a pending split in its meta', async () => {
    const res = await h.app.inject({ url: '/v1/chart?symbol=SPLT&timeframe=d1' });
    expect(validateChart(res.json())).toBe(true);
    expect(res.json().meta).toMatchObject({ hasPendingSplits: true, pendingSplitInfo: 'forward_split 4:1 on 2024-06-12' });
  });

  test('the chart is split-adjusted by default, raw on request; a bad adjustment is a 400 naming it', async () => {
    const q = '/v1/chart?symbol=OLD&timeframe=d1&start=2024-04-29&end=2024-05-03';
    const closes = async (url: string) => ((await h.app.inject({ url })).json().bars as Array<{ close: number }>).map((b) => b.close);
    expect(await closes(q)).toEqual([100, 100, 100, 100]);
    expect(await closes(`${q}&adjustment=raw`)).toEqual([200, 200, 100, 100]);
    const bad = await h.app.inject({ url: `${q}&adjustment=dividend` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'bad_request', message: expect.stringMatching(/adjustment/) });
  });
});
