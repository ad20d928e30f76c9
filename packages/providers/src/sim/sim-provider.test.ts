import { type Bar, marketClock, nyWallTime, type Timeframe, validateBar } from '@marketfleet/market';
import { aggregateBars } from '../bars/aggregate';
import type { BarsResult } from '../types';
import { createSimProvider } from './sim-provider';
import { simMarket } from './sim-market';

const midnight = (date: string) => nyWallTime(date, '00:00');
const bars = (r: BarsResult, symbol: string, tf: Timeframe): Bar[] =>
  r.series.find((s) => s.symbol === symbol && s.timeframe === tf)!.bars;
const ALL: Timeframe[] = ['m15', 'h1', 'h4', 'd1', 'w1'];

describe('sim provider', () => {
  const sim = createSimProvider({ seed: 42 });

  it('is deterministic per seed and differs across seeds and symbols', async () => {
    const req = { symbols: ['AAPL', 'MSFT'], timeframes: ['m15' as const], from: midnight('2024-03-04'), to: midnight('2024-03-05') };
    const a = await sim.fetchBars(req);
    const b = await createSimProvider({ seed: 42 }).fetchBars(req);
    const c = await createSimProvider({ seed: 43 }).fetchBars(req);
    expect(b).toEqual(a);
    expect(bars(c, 'AAPL', 'm15')).not.toEqual(bars(a, 'AAPL', 'm15'));
    expect(bars(a, 'MSFT', 'm15')).not.toEqual(bars(a, 'AAPL', 'm15'));
    expect(a).toMatchObject({ provider: 'sim', requests: 0, droppedOutsideSession: 0, quarantined: [] });
  });

  it('gives identical bars whatever range they were asked in', async () => {
    const wide = await sim.fetchBars({ symbols: ['XYZ'], timeframes: ALL, from: midnight('2023-01-01'), to: midnight('2024-12-31') });
    // A fresh provider first asks a later, narrow range: the lazily built daily path must not care.
    const fresh = createSimProvider({ seed: 42 });
    const narrow = await fresh.fetchBars({ symbols: ['XYZ'], timeframes: ALL, from: midnight('2024-06-10'), to: midnight('2024-06-15') });
    for (const tf of ALL) {
      const part = bars(narrow, 'XYZ', tf);
      expect(part.length).toBeGreaterThan(0);
      const byTs = new Map(bars(wide, 'XYZ', tf).map((b) => [b.ts.getTime(), b]));
      for (const bar of part) expect(byTs.get(bar.ts.getTime())).toEqual(bar);
    }
  });

  it('follows the calendar: nothing on 2024-07-04, 14 m15 bars on the 2024-07-03 early close, 26 on a normal day', async () => {
    const r = await sim.fetchBars({ symbols: ['SPY'], timeframes: ALL, from: midnight('2024-07-01'), to: midnight('2024-07-06') });
    const perDay = new Map<string, number>();
    for (const b of bars(r, 'SPY', 'm15')) {
      const d = marketClock.sessionAt(b.ts)!.date;
      perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    expect(Object.fromEntries(perDay)).toEqual({ '2024-07-01': 26, '2024-07-02': 26, '2024-07-03': 14, '2024-07-05': 26 });
    expect(bars(r, 'SPY', 'd1').map((b) => b.ts.toISOString())).toEqual([
      '2024-07-01T13:30:00.000Z',
      '2024-07-02T13:30:00.000Z',
      '2024-07-03T13:30:00.000Z',
      '2024-07-05T13:30:00.000Z',
    ]);
    expect(bars(r, 'SPY', 'h1').filter((b) => marketClock.sessionAt(b.ts)!.date === '2024-07-03')).toHaveLength(4);
    expect(bars(r, 'SPY', 'w1')).toHaveLength(1);
  });

  it('keeps every timeframe an aggregate of the m15 bars', async () => {
    const from = midnight('2024-02-05');
    const to = midnight('2024-02-17');
    const r = await sim.fetchBars({ symbols: ['QQQ'], timeframes: ALL, from, to });
    const m15 = bars(r, 'QQQ', 'm15');
    for (const tf of ['h1', 'h4', 'd1'] as const) {
      expect(bars(r, 'QQQ', tf)).toEqual(aggregateBars(m15, tf, marketClock));
    }
    expect(bars(r, 'QQQ', 'w1')).toEqual(aggregateBars(bars(r, 'QQQ', 'd1'), 'w1', marketClock));
    // Straight from m15 only the last bits of the vwap differ (a different summation order).
    const direct = aggregateBars(m15, 'w1', marketClock);
    expect(bars(r, 'QQQ', 'w1').map((b) => ({ ...b, vwap: null }))).toEqual(direct.map((b) => ({ ...b, vwap: null })));
    bars(r, 'QQQ', 'w1').forEach((b, i) => expect(b.vwap).toBeCloseTo(direct[i]!.vwap!, 8));
  });

  it('produces valid, realistic bars: U-shaped volume, gaps between close and next open', async () => {
    const r = await sim.fetchBars({ symbols: ['IBM'], timeframes: ['m15', 'd1'], from: midnight('2023-01-01'), to: midnight('2024-01-01') });
    const m15 = bars(r, 'IBM', 'm15');
    expect(m15.map(validateBar).filter((x) => x !== null)).toEqual([]);
    const bySlot = new Array<number>(26).fill(0);
    for (const b of m15) {
      const s = marketClock.sessionAt(b.ts)!;
      if (!s.earlyClose) bySlot[(b.ts.getTime() - s.open.getTime()) / 900_000]! += b.volume;
    }
    const firstHour = bySlot.slice(0, 4).reduce((a, b) => a + b) / 4;
    const lastHour = bySlot.slice(22).reduce((a, b) => a + b) / 4;
    const midday = bySlot.slice(10, 16).reduce((a, b) => a + b) / 6;
    expect(firstHour).toBeGreaterThan(1.5 * midday);
    expect(lastHour).toBeGreaterThan(1.2 * midday);
    const d1 = bars(r, 'IBM', 'd1');
    expect(d1.length).toBe(250);
    const gaps = d1.slice(1).filter((b, i) => b.open !== d1[i]!.close).length;
    expect(gaps).toBeGreaterThan(200);
    for (const b of m15) expect(b.tradeCount!).toBeLessThanOrEqual(b.volume);
  });

  it('clusters volatility (GARCH): big moves follow big moves', async () => {
    // Without splits: their jumps are one-day moves of 50 % or more and would swamp the statistic.
    const r = await createSimProvider({ seed: 42, splits: false }).fetchBars({ symbols: ['VOL'], timeframes: ['d1'], from: midnight('2000-01-01'), to: midnight('2020-01-01') });
    const ret = bars(r, 'VOL', 'd1').map((b, i, all) => (i === 0 ? 0 : Math.abs(Math.log(b.close / all[i - 1]!.close))));
    const mean = ret.reduce((a, b) => a + b) / ret.length;
    let num = 0;
    let den = 0;
    for (let i = 1; i < ret.length; i++) {
      num += (ret[i]! - mean) * (ret[i - 1]! - mean);
      den += (ret[i]! - mean) ** 2;
    }
    expect(num / den).toBeGreaterThan(0.05); // autocorrelation of |returns|; ~0 without clustering
    expect(Math.min(...bars(r, 'VOL', 'd1').map((b) => b.low))).toBeGreaterThan(0);
  });

  it('serves 10 years of d1, the same on a second ask (from its cache)', async () => {
    const p = createSimProvider({ seed: 9 });
    const req = { symbols: ['FAST'], timeframes: ['d1' as const], from: midnight('2014-01-01'), to: midnight('2024-01-01') };
    const first = await p.fetchBars(req);
    const again = await p.fetchBars(req);
    expect(bars(first, 'FAST', 'd1')).toHaveLength(2516);
    expect(bars(again, 'FAST', 'd1')).toEqual(bars(first, 'FAST', 'd1'));
  });

  it('never serves bars that have not ended yet', async () => {
    const now = new Date('2024-07-01T15:10:00Z'); // 11:10 New York
    const p = createSimProvider({ seed: 42, now: () => now });
    const r = await p.fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'h1', 'd1'], from: midnight('2024-07-01'), to: midnight('2024-07-02') });
    expect(bars(r, 'AAPL', 'm15').at(-1)!.ts.toISOString()).toBe('2024-07-01T14:45:00.000Z');
    expect(bars(r, 'AAPL', 'm15')).toHaveLength(6);
    expect(bars(r, 'AAPL', 'd1')[0]!.volume).toBe(bars(r, 'AAPL', 'm15').reduce((a, b) => a + b.volume, 0));
  });

  it('answers with empty series for holidays, weekends, before 2000 and empty ranges', async () => {
    const r = await sim.fetchBars({ symbols: ['A', 'A'], timeframes: ['m15', 'd1', 'm15'], from: midnight('2024-07-04'), to: midnight('2024-07-05') });
    expect(r.series).toEqual([
      { symbol: 'A', timeframe: 'm15', bars: [] },
      { symbol: 'A', timeframe: 'd1', bars: [] },
    ]);
    const old = await sim.fetchBars({ symbols: ['A'], timeframes: ['d1'], from: midnight('1999-06-01'), to: midnight('2000-01-05') });
    expect(bars(old, 'A', 'd1').map((b) => b.ts.toISOString())).toEqual(['2000-01-03T14:30:00.000Z', '2000-01-04T14:30:00.000Z']);
  });

  it('exposes the m15 bars of one session through simMarket', () => {
    const m = simMarket(42);
    const s = marketClock.session('2024-03-04')!;
    const a = m.m15Bars('AAPL', s);
    expect(a).toHaveLength(26);
    expect(m.m15Bars('AAPL', s)).toEqual(a);
    expect(m.dailyBar('AAPL', s)).toEqual(aggregateBars(a, 'd1', marketClock)[0]);
  });
});
