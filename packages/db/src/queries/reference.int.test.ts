import { marketClock } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { readAdjustedBars } from './adjusted-bars';
import { upsertBars, type BarRow } from './bars';
import { loadMarketClock, loadProviderCalendar, recordCalendarMismatches, storeCalendar } from './calendar';
import { listCorporateActions, pendingCorporateActions, upsertCorporateActions } from './corporate-actions';
import { ensureSymbols } from './symbols';

let t: TestDatabase;
let id: number;
beforeAll(async () => {
  t = await createTestDatabase();
  id = (await ensureSymbols(t.database.db, ['SPLT'])).get('SPLT')!;
});
afterAll(() => t.drop());

// Daily and weekly raw bars around a 4:1 split with ex-date Wednesday 2024-06-12, and a $0.50 dividend on 2024-06-18.
const closes: Array<[string, number]> = [
  ['2024-06-10', 400], ['2024-06-11', 404], ['2024-06-12', 101], ['2024-06-13', 102], ['2024-06-14', 103],
  ['2024-06-17', 104], ['2024-06-18', 103.5], ['2024-06-20', 104],
];
const row = (date: string, close: number, timeframe: 'd1' | 'w1' = 'd1', over: Partial<BarRow> = {}): BarRow => ({
  symbolId: id, timeframe, ts: marketClock.session(date)!.open, open: close, high: close * 1.01, low: close * 0.99, close,
  volume: 1000, vwap: close, tradeCount: 10, provider: 'test', status: 'verified', fetchedAt: new Date(), ...over,
});

describe('corporate actions and read-time adjustment', () => {
  test('actions upsert idempotently and report what is new or changed', async () => {
    const db = t.database.db;
    const split = { symbolId: id, type: 'forward_split', exDate: '2024-06-12', ratio: 4, cashAmount: null, provider: 'test' };
    const dividend = { symbolId: id, type: 'cash_dividend', exDate: '2024-06-18', ratio: null, cashAmount: 0.5, provider: 'test' };
    expect(await upsertCorporateActions(db, [split, dividend])).toHaveLength(2);
    expect(await upsertCorporateActions(db, [split, dividend])).toHaveLength(0);
    expect(await upsertCorporateActions(db, [{ ...dividend, cashAmount: 0.55 }])).toHaveLength(1);
    expect((await listCorporateActions(db, id)).map((a) => [a.type, a.exDate])).toEqual([
      ['forward_split', '2024-06-12'], ['cash_dividend', '2024-06-18'],
    ]);
    expect((await pendingCorporateActions(db, '2024-06-15', [id])).map((a) => a.type)).toEqual(['cash_dividend']);
    await upsertCorporateActions(db, [dividend]);
  });

  test('raw keeps the jump, split is continuous, all applies the dividend; weekly bars spanning the split are rebuilt', async () => {
    const db = t.database.db;
    await upsertBars(db, [
      ...closes.map(([d, c]) => row(d, c)),
      // Raw weekly bar of the split week: Monday's open (pre-split) to Friday's close (post-split).
      row('2024-06-10', 103, 'w1', { open: 400, high: 408, low: 99.99, volume: 5000 }),
      row('2024-06-17', 104, 'w1', { open: 104, high: 105.04, low: 102.465, volume: 3000 }),
    ]);
    const read = (adjustment: 'raw' | 'split' | 'all', timeframe: 'd1' | 'w1' = 'd1') => readAdjustedBars(db, { symbolId: id, timeframe, adjustment });
    expect((await read('raw')).map((b) => b.close)).toEqual(closes.map(([, c]) => c));
    const split = await read('split');
    expect(split.map((b) => b.close)).toEqual([100, 101, 101, 102, 103, 104, 103.5, 104]);
    expect(split[0]!.volume).toBe(4000);
    const all = await read('all');
    const f = 1 - 0.5 / 104; // the dividend over the previous raw close
    expect(all[0]!.close).toBeCloseTo(100 * f, 10);
    expect(all[5]!.close).toBeCloseTo(104 * f, 10);
    expect(all[6]!.close).toBe(103.5);
    const weeks = await read('split', 'w1');
    expect(weeks[0]).toMatchObject({ open: 100, close: 103, volume: 5 * 1000 + 2 * 3 * 1000 });
    expect(weeks[0]!.high).toBeCloseTo(104.03, 10);
    expect(weeks[1]!.close).toBe(104);
  });
});

describe('the synced provider calendar', () => {
  test('a window replaces its days, and the clock built from it prefers it to the rules', async () => {
    const db = t.database.db;
    await storeCalendar(db, 'test', { from: '2025-01-06', to: '2025-01-10' }, [
      { date: '2025-01-06', open: '09:30', close: '16:00' },
      { date: '2025-01-07', open: '09:30', close: '13:00' },
      { date: '2025-01-08', open: '09:30', close: '16:00' },
      { date: '2025-01-10', open: '09:30', close: '16:00' },
    ]);
    expect((await loadProviderCalendar(db))!.days).toHaveLength(4);
    const clock = await loadMarketClock(db);
    expect(clock.session('2025-01-09')).toBeNull(); // the Carter day of mourning, by rule too
    expect(clock.session('2025-01-07')!.close.toISOString()).toBe('2025-01-07T18:00:00.000Z');
    expect(clock.session('2025-01-13')!.open.toISOString()).toBe('2025-01-13T14:30:00.000Z'); // outside: rules
  });

  test('disagreements become calendar_mismatch findings, resolved when they go away', async () => {
    const db = t.database.db;
    const window = { from: '2025-01-06', to: '2025-01-10' };
    await recordCalendarMismatches(db, window, [{ date: '2025-01-07', rules: '09:30–16:00', provider: '09:30–13:00' }]);
    const open = async () =>
      (await db.execute<{ scope: string }>(sql`select scope from quality_findings where kind = 'calendar_mismatch' and resolved_at is null`)).map(
        (r) => r.scope,
      );
    expect(await open()).toEqual(['calendar|2025-01-07']);
    await recordCalendarMismatches(db, window, []);
    expect(await open()).toEqual([]);
  });
});
