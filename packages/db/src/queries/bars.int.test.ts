import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { createDatabase } from '../client';
import { countBars, latestBarTs, readBars, seriesHoldingAll, upsertBars, type BarRow } from './bars';
import { readSeriesStats } from './series-stats';
import { ensureSymbols } from './symbols';

let t: TestDatabase;
let aapl: number;
beforeAll(async () => {
  t = await createTestDatabase();
  aapl = (await ensureSymbols(t.database.db, ['AAPL'])).get('AAPL')!;
});
afterAll(() => t.drop());

const bar = (minute: number, over: Partial<BarRow> = {}): BarRow => ({
  symbolId: aapl,
  timeframe: 'm15',
  ts: new Date(Date.UTC(2024, 0, 2, 14, 30 + minute)),
  open: 100,
  high: 101,
  low: 99.5,
  close: 100.25,
  volume: 12_345,
  vwap: 100.1,
  tradeCount: 321,
  provider: 'sim',
  status: 'provisional',
  fetchedAt: new Date('2024-01-02T15:00:00Z'),
  ...over,
});

describe('upsertBars', () => {
  test('inserts a batch, then rewrites only rows whose values changed', async () => {
    const db = t.database.db;
    expect(await upsertBars(db, [bar(0), bar(15)])).toBe(2);
    expect(await upsertBars(db, [bar(0), bar(15)])).toBe(0);
    expect(await upsertBars(db, [bar(0), bar(15, { close: 100.5 })])).toBe(1);
    expect(await countBars(db, aapl, 'm15')).toBe(2);
    const stored = await readBars(db, { symbolId: aapl, timeframe: 'm15' });
    expect(stored.map((b) => b.close)).toEqual([100.25, 100.5]);
    expect(stored[0]!.ts).toEqual(new Date('2024-01-02T14:30:00Z'));
    expect(stored[0]!.vwap).toBe(100.1);
  });

  test('a better status with the same values is recorded; a worse one is not', async () => {
    const db = t.database.db;
    expect(await upsertBars(db, [bar(0, { status: 'verified' })])).toBe(1);
    expect(await upsertBars(db, [bar(0, { status: 'live' })])).toBe(0);
    const [first] = await readBars(db, { symbolId: aapl, timeframe: 'm15', limit: 1 });
    expect(first!.status).toBe('verified');
  });

  test('each status and a millisecond timestamp far from the epoch are stored exactly as sent', async () => {
    const db = t.database.db;
    const other = (await ensureSymbols(db, ['EXACT'])).get('EXACT')!;
    const times = [new Date('2024-03-05T14:30:00.001Z'), new Date('2099-12-31T23:59:59.999Z'), new Date('1970-01-02T00:00:00.123Z')];
    const statuses = ['live', 'provisional', 'verified'] as const;
    await upsertBars(db, times.map((ts, i) => bar(0, { symbolId: other, ts, status: statuses[i]! })));
    const stored = await readBars(db, { symbolId: other, timeframe: 'm15' });
    expect(stored.map((b) => [b.ts.toISOString(), b.status])).toEqual([
      ['1970-01-02T00:00:00.123Z', 'verified'],
      ['2024-03-05T14:30:00.001Z', 'live'],
      ['2099-12-31T23:59:59.999Z', 'provisional'],
    ]);
  });

  test('every value comes back as the very double sent, whichever way its column travelled', async () => {
    const db = t.database.db;
    // Columns of cents, of ten-thousandths, of millionths, of fractions no scale holds, whole and fractional volumes, nulls.
    const cases: Array<Record<'open' | 'high' | 'low' | 'close' | 'volume', number> & { vwap: number | null; tradeCount: number | null }> = [
      { open: 187.43, high: 0.1234, low: 12.345678, close: 1 / 3, volume: 9_007_199_254_740_991, vwap: null, tradeCount: null },
      { open: 0.07, high: 99_999.9999, low: 0.000001, close: Math.PI, volume: 0, vwap: 187.432567, tradeCount: 7 },
      { open: 1_000_000.01, high: 3.1e-7, low: 5e-324, close: 0.1 + 0.2, volume: 12.5, vwap: 2 / 3, tradeCount: null },
    ];
    for (const [label, start] of [['whole minutes apart', 0], ['seconds', 1_000], ['milliseconds', 7]] as const) {
      const symbolId = (await ensureSymbols(db, [`EXACT${start}`])).get(`EXACT${start}`)!;
      const base = Date.UTC(2024, 5, 3, 13, 30);
      const rows = cases.map((c, i) => bar(0, { symbolId, ts: new Date(base + i * (start === 0 ? 900_000 : start + 60_000)), ...c }));
      await upsertBars(db, rows);
      const stored = await readBars(db, { symbolId, timeframe: 'm15' });
      expect([label, stored.map((b) => [b.ts.getTime(), b.open, b.high, b.low, b.close, b.volume, b.vwap, b.tradeCount])]).toEqual([
        label, rows.map((b) => [b.ts.getTime(), b.open, b.high, b.low, b.close, b.volume, b.vwap, b.tradeCount]),
      ]);
    }
  });

  test('a fresh range written through a pool of one connection: the insert runs inside its own transaction', async () => {
    const single = createDatabase(t.url, { max: 1 });
    try {
      const id = (await ensureSymbols(single.db, ['ONECONN'])).get('ONECONN')!;
      const written = upsertBars(single.db, [bar(0, { symbolId: id }), bar(15, { symbolId: id })]);
      const stalled = new Promise((_, reject) => setTimeout(() => reject(new Error('the write waited for a second connection')), 5_000));
      expect(await Promise.race([written, stalled])).toBe(2);
      expect(await countBars(single.db, id, 'm15')).toBe(2);
    } finally {
      await single.close();
    }
  });

  test('a batch holding the same key twice keeps the last row', async () => {
    const db = t.database.db;
    await upsertBars(db, [bar(30, { close: 1 }), bar(30, { close: 2 })]);
    const rows = await readBars(db, { symbolId: aapl, timeframe: 'm15', from: bar(30).ts });
    expect(rows.map((r) => r.close)).toEqual([2]);
  });

  test('nulls round-trip and ranges are half-open', async () => {
    const db = t.database.db;
    await upsertBars(db, [bar(45, { vwap: null, tradeCount: null })]);
    const rows = await readBars(db, { symbolId: aapl, timeframe: 'm15', from: bar(15).ts, to: bar(45).ts });
    expect(rows.map((r) => r.ts.toISOString())).toEqual(['2024-01-02T14:45:00.000Z', '2024-01-02T15:00:00.000Z']);
    const [last] = await readBars(db, { symbolId: aapl, timeframe: 'm15', from: bar(45).ts });
    expect(last).toMatchObject({ vwap: null, tradeCount: null });
    expect(await latestBarTs(db, aapl, 'm15')).toEqual(bar(45).ts);
  });

  test('two writers racing to the same fresh range both succeed and store each bar once', async () => {
    const db = t.database.db;
    const rows = Array.from({ length: 2_000 }, (_, i) => bar(0, { timeframe: 'h4', ts: new Date(Date.UTC(2021, 0, 1) + i * 4 * 3_600_000) }));
    const [a, b] = await Promise.all([upsertBars(db, rows), upsertBars(db, rows.map((r) => ({ ...r, close: 100.5 })))]);
    expect(a + b).toBeGreaterThanOrEqual(2_000);
    expect(await countBars(db, aapl, 'h4')).toBe(2_000);
  });

  test('series_stats agrees with the stored bars after a fresh insert, a rewrite and a race, each path its own way', async () => {
    const db = t.database.db;
    const [msft, nvda] = [...(await ensureSymbols(db, ['MSFT', 'NVDA'])).values()];
    const d1 = (symbolId: number, day: number, over: Partial<BarRow> = {}) =>
      bar(0, { symbolId, timeframe: 'd1', ts: new Date(Date.UTC(2023, 0, 2 + day, 5)), provider: 'alpaca', ...over });
    const stored = async () => {
      const rows = await t.database.sql<{ symbol_id: number; n: number; lo: number; hi: number }[]>`
        select symbol_id, count(*)::int as n, (extract(epoch from min(ts)) * 1000)::float8 as lo, (extract(epoch from max(ts)) * 1000)::float8 as hi from bars
        where timeframe = 'd1' and symbol_id in (${msft!}, ${nvda!}) group by symbol_id order by symbol_id`;
      const stats = (await readSeriesStats(db, [msft!, nvda!])).filter((x) => x.timeframe === 'd1').sort((a, b) => a.symbolId - b.symbolId);
      return { rows: rows.map((r) => [r.symbol_id, r.n, r.lo, r.hi]), stats: stats.map((x) => [x.symbolId, x.barCount, x.firstTs.getTime(), x.lastTs.getTime()]), written: stats.map((x) => x.lastRowsWritten) };
    };
    // Fresh: nothing stored in the range, so counts come from the batch.
    expect(await upsertBars(db, [...Array.from({ length: 5 }, (_, i) => d1(msft!, i)), d1(nvda!, 3)])).toBe(6);
    let now = await stored();
    expect(now.stats).toEqual(now.rows);
    expect(now.written).toEqual([5, 1]);
    // Overlapping: the upsert counts what it changed; two new bars before and after widen the range.
    expect(await upsertBars(db, [d1(msft!, -1), d1(msft!, 2, { close: 99 }), d1(msft!, 3), d1(msft!, 9)])).toBe(3);
    now = await stored();
    expect(now.stats).toEqual(now.rows);
    expect(now.written).toEqual([3, 1]);
    // Two writers race to a fresh range of NVDA: one inserts, the other falls back to the upsert.
    const later = Array.from({ length: 300 }, (_, i) => d1(nvda!, 10 + i));
    await Promise.all([upsertBars(db, later), upsertBars(db, later.map((r) => ({ ...r, close: 100.75 })))]);
    now = await stored();
    expect(now.stats).toEqual(now.rows);
    expect(now.rows[1]![1]).toBe(301);
  });

  test('a 20,000-row batch goes in one statement', async () => {
    const db = t.database.db;
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      bar(0, { timeframe: 'h1', ts: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000) }),
    );
    expect(await upsertBars(db, rows)).toBe(20_000);
    expect(await countBars(db, aapl, 'h1')).toBe(20_000);
  });
});

describe('seriesHoldingAll', () => {
  test('names the symbols holding every expected bar: a missing one is not made up by an unexpected one', async () => {
    const db = t.database.db;
    const ids = await ensureSymbols(db, ['FULL', 'HOLE', 'ODD']);
    const [full, hole, odd] = ['FULL', 'HOLE', 'ODD'].map((s) => ids.get(s)!);
    const expected = [0, 15, 30].map((m) => bar(m).ts.getTime());
    await upsertBars(db, [
      ...[0, 15, 30].map((m) => bar(m, { symbolId: full! })),
      ...[0, 30].map((m) => bar(m, { symbolId: hole! })),
      // ODD misses 15 but holds a bar at 20 and one before the range.
      ...[-15, 0, 20, 30].map((m) => bar(m, { symbolId: odd! })),
    ]);
    expect(await seriesHoldingAll(db, 'm15', [full!, hole!, odd!], expected)).toEqual(new Set([full]));
    expect(await seriesHoldingAll(db, 'h1', [full!], expected)).toEqual(new Set());
    expect(await seriesHoldingAll(db, 'm15', [full!, hole!], [])).toEqual(new Set([full, hole]));
  });
});
