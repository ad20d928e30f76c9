import { countBars, findSymbol, listFetches, listQuarantined, readBars } from '@marketfleet/db';
import { marketClock } from '@marketfleet/market';
import { ProviderAuthError } from '@marketfleet/providers';
import { type Harness, ingestHarness } from '@marketfleet/testing';
import { ingestBars } from './ingest-bars';

const week = { from: marketClock.session('2024-07-01')!.open, to: marketClock.session('2024-07-05')!.close };
const later = new Date('2024-08-01T00:00:00Z');

describe('ingestBars against the fake Alpaca server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await ingestHarness();
  });
  afterAll(() => h.close());

  const id = async (ticker: string) => (await findSymbol(h.t.database.db, ticker))!.id;

  test('stores m15, h1 and h4 for several symbols on the 09:30 grid, with a ledger row per series', async () => {
    const out = await ingestBars(h.deps(later), { symbols: ['AAPL', 'MSFT'], timeframes: ['m15', 'h1', 'h4'], ...week, jobId: 'j1' });
    // Four sessions, one of them the 13:00 close of July 3.
    const expected = { m15: 3 * 26 + 14, h1: 3 * 7 + 4, h4: 3 * 2 + 1 };
    expect(out.barsWritten).toBe(2 * (expected.m15 + expected.h1 + expected.h4));
    const db = h.t.database.db;
    for (const t of ['AAPL', 'MSFT']) {
      for (const [tf, n] of Object.entries(expected)) expect(await countBars(db, await id(t), tf as 'm15', week.from, week.to)).toBe(n);
    }
    const h1 = await readBars(db, { symbolId: await id('AAPL'), timeframe: 'h1', from: week.from, to: week.to });
    expect(h1.map((b) => b.ts.toISOString()).slice(0, 2)).toEqual(['2024-07-01T13:30:00.000Z', '2024-07-01T14:30:00.000Z']);
    expect(h1.every((b) => b.provider === 'alpaca' && b.status === 'verified')).toBe(true);
    const ledger = await listFetches(db);
    expect(ledger).toHaveLength(6);
    expect(new Set(ledger.map((l) => l.fetchId)).size).toBe(1);
    expect(ledger.every((l) => l.status === 'ok' && l.jobId === 'j1' && l.barsReceived > 0)).toBe(true);
  });

  test('fetching the same range again writes nothing and duplicates nothing', async () => {
    const out = await ingestBars(h.deps(later), { symbols: ['AAPL', 'MSFT'], timeframes: ['m15', 'h1', 'h4'], ...week });
    expect(out.barsReceived).toBe(2 * (92 + 25 + 7));
    expect(out.barsWritten).toBe(0);
    expect(await countBars(h.t.database.db, await id('AAPL'), 'm15')).toBe(92);
  });

  test('a bad bar from the provider is quarantined with its reason and never stored', async () => {
    h.fake.configure({ badBars: [{ symbol: 'NVDA', index: 3, field: 'h', value: -5 }, { symbol: 'NVDA', index: 7, field: 'c', value: 'NaN' }] });
    const out = await ingestBars(h.deps(later), { symbols: ['NVDA'], timeframes: ['d1'], from: week.from, to: marketClock.session('2024-07-31')!.close });
    h.fake.configure({ badBars: [] });
    expect(out.quarantined).toBe(2);
    const q = await listQuarantined(h.t.database.db, { symbolId: await id('NVDA') });
    expect(q.map((r) => r.reason).sort()).toEqual(['c is not a number', 'high <= 0']);
    const stored = await readBars(h.t.database.db, { symbolId: await id('NVDA'), timeframe: 'd1' });
    expect(stored).toHaveLength(marketClock.sessionsBetween('2024-07-01', '2024-07-31').length - 2);
    expect(stored.every((b) => b.high >= Math.max(b.open, b.close) && Number.isFinite(b.close))).toBe(true);
  });

  test('a provider failure is recorded in the ledger with its cause, and nothing is written', async () => {
    h.fake.configure({ keyId: 'other-key' });
    await expect(ingestBars(h.deps(later), { symbols: ['AMZN'], timeframes: ['d1'], ...week })).rejects.toBeInstanceOf(ProviderAuthError);
    h.fake.configure({ keyId: 'test-key' });
    const [row] = await listFetches(h.t.database.db, { symbolId: await id('AMZN') });
    expect(row).toMatchObject({ status: 'error', provider: 'alpaca', barsWritten: 0 });
    expect(row!.error).toMatch(/forbidden/);
    expect(await countBars(h.t.database.db, await id('AMZN'), 'd1')).toBe(0);
  });

  test('the bar being formed is stored as live, closed bars of an open session as provisional', async () => {
    const now = new Date('2024-07-09T15:07:00Z'); // 11:07 New York
    const session = marketClock.session('2024-07-09')!;
    await ingestBars(h.deps(now), { symbols: ['QQQ'], timeframes: ['m15'], from: session.open, to: now });
    const bars = await readBars(h.t.database.db, { symbolId: await id('QQQ'), timeframe: 'm15' });
    expect(bars.map((b) => b.status)).toEqual([...Array(6).fill('provisional'), 'live']);
  });
});
