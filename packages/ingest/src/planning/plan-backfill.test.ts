import { addDays, marketClock, weekday } from '@marketfleet/market';
import { planBackfill, type ChunkPlan } from './plan-backfill';

const clock = marketClock;
const now = new Date('2024-12-31T23:00:00Z');
const tickers = (n: number) => Array.from({ length: n }, (_, i) => `S${String(i).padStart(3, '0')}`);

/** Every (symbol, session) of the range must be in exactly one chunk of each family. */
function coverage(chunks: ChunkPlan[], family: string) {
  const seen = new Map<string, number>();
  for (const c of chunks.filter((c) => c.timeframes.join() === family)) {
    for (const s of clock.sessionsBetween(c.from, c.to)) {
      for (const sym of c.symbols) seen.set(`${sym}|${s.date}`, (seen.get(`${sym}|${s.date}`) ?? 0) + 1);
    }
  }
  return seen;
}

describe('planBackfill', () => {
  test('100 symbols of m15 over 60 days: every symbol-session once, near the minimum of requests', () => {
    const range = { symbols: tickers(100), timeframes: ['m15' as const], from: '2024-09-01', to: '2024-10-30' };
    const chunks = planBackfill(range, { clock, now });
    const sessions = clock.sessionsBetween(range.from, range.to);
    const seen = coverage(chunks, 'm15');
    expect(seen.size).toBe(100 * sessions.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const total = chunks.reduce((n, c) => n + c.expectedBars, 0);
    expect(total).toBe(100 * sessions.reduce((n, s) => n + clock.countExpectedBars('m15', s.open, s.close), 0));
    expect(Math.max(...chunks.map((c) => c.expectedBars))).toBeLessThanOrEqual(9_500);
    expect(chunks.length / Math.ceil(total / 10_000)).toBeLessThanOrEqual(1.1);
  });

  test('10 years of d1 for 100 symbols packs into the minimum number of requests', () => {
    const chunks = planBackfill(
      { symbols: tickers(100), timeframes: ['d1'], from: '2015-01-01', to: '2024-12-31' },
      { clock, now },
    );
    const total = chunks.reduce((n, c) => n + c.expectedBars, 0);
    expect(total).toBe(100 * clock.sessionsBetween('2015-01-01', '2024-12-31').length);
    expect(chunks.every((c) => c.expectedBars <= 10_000)).toBe(true);
    expect(chunks.length).toBe(Math.ceil(total / 10_000));
  });

  test('with w1, chunks hold whole weeks and the range widens to whole weeks', () => {
    const chunks = planBackfill(
      { symbols: tickers(30), timeframes: ['d1', 'w1'], from: '2020-01-08', to: '2023-06-14' },
      { clock, now },
    );
    for (const c of chunks) {
      const first = clock.sessionsBetween(addDays(c.from, -((weekday(c.from) + 6) % 7)), c.from)[0]!;
      expect(first.date).toBe(c.from); // nothing of c.from's week lies before it
      const monday = addDays(c.to, -((weekday(c.to) + 6) % 7));
      expect(clock.sessionsBetween(c.to, addDays(monday, 6)).map((s) => s.date)).toEqual([c.to]);
    }
    const seen = coverage(chunks, 'd1,w1');
    expect(seen.has('S000|2020-01-06')).toBe(true);
    expect(seen.has('S000|2023-06-16')).toBe(true);
  });

  test('h1 and h4 without m15 travel as one 30-minute family; m15 with them as one 15-minute family', () => {
    const alone = planBackfill({ symbols: ['AAPL'], timeframes: ['h4', 'h1'], from: '2024-07-01', to: '2024-07-05' }, { clock, now });
    expect(alone).toEqual([{ symbols: ['AAPL'], timeframes: ['h1', 'h4'], from: '2024-07-01', to: '2024-07-05', expectedBars: 13 * 3 + 7 }]);
    const all = planBackfill({ symbols: ['AAPL'], timeframes: ['m15', 'h1', 'd1'], from: '2024-07-01', to: '2024-07-05' }, { clock, now });
    expect(all.map((c) => [c.timeframes.join(), c.expectedBars])).toEqual([['m15,h1', 26 * 3 + 14], ['d1', 4]]);
  });

  test('a range without sessions, or in the future, plans nothing', () => {
    expect(planBackfill({ symbols: ['AAPL'], timeframes: ['d1'], from: '2024-12-25', to: '2024-12-25' }, { clock, now })).toEqual([]);
    expect(planBackfill({ symbols: ['AAPL'], timeframes: ['m15'], from: '2025-02-03', to: '2025-02-07' }, { clock, now })).toEqual([]);
  });
});
