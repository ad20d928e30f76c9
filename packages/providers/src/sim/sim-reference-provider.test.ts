import { type Bar, marketClock, nyWallTime } from '@marketfleet/market';
import type { BarsResult } from '../types';
import { simMarket } from './sim-market';
import { createSimProvider } from './sim-provider';
import { createSimReferenceProvider } from './sim-reference-provider';

const NOW = () => new Date('2024-07-20T00:00:00Z');
const midnight = (date: string) => nyWallTime(date, '00:00');
const d1 = (r: BarsResult, symbol: string): Bar[] => r.series.find((s) => s.symbol === symbol && s.timeframe === 'd1')!.bars;
const m15 = (r: BarsResult, symbol: string): Bar[] => r.series.find((s) => s.symbol === symbol && s.timeframe === 'm15')!.bars;
const dateOf = (b: Bar) => marketClock.sessionAt(b.ts)!.date;

// Seed 7 happens to give T25 a 4:1 split and R120 a 1-for-10 reverse split (found by search).
const SPLITS = [
  { symbol: 'T25', exDate: '2021-09-02', ratio: 4, type: 'forward_split', window: ['2021-08-16', '2021-09-17'] },
  { symbol: 'R120', exDate: '2014-06-02', ratio: 0.1, type: 'reverse_split', window: ['2014-05-15', '2014-06-16'] },
] as const;

describe('sim reference data', () => {
  const ref = createSimReferenceProvider({ seed: 7, now: NOW });

  it('is deterministic per seed and differs across seeds', async () => {
    const req = { symbols: ['AAPL', 'MSFT', 'IBM'], from: '2000-01-01', to: '2024-06-30' };
    const a = await ref.getCorporateActions(req);
    expect(a.length).toBeGreaterThan(10);
    expect(await createSimReferenceProvider({ seed: 7, now: NOW }).getCorporateActions(req)).toEqual(a);
    expect(await createSimReferenceProvider({ seed: 8, now: NOW }).getCorporateActions(req)).not.toEqual(a);
    const exDates = a.map((x) => x.exDate);
    expect(exDates).toEqual([...exDates].sort());
    for (const x of a) {
      expect(['forward_split', 'reverse_split', 'cash_dividend']).toContain(x.type);
      expect(marketClock.session(x.exDate)).not.toBeNull();
      expect(x.providerId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('splits about once per 8 years, reverse 1:10 rarely; about half the symbols pay quarterly dividends', async () => {
    const symbols = Array.from({ length: 120 }, (_, i) => `U${i}`);
    const all = await ref.getCorporateActions({ symbols, from: '2000-01-01', to: '2023-12-31' });
    const splits = all.filter((a) => a.type !== 'cash_dividend');
    const perSymbolYear = splits.length / symbols.length / 24;
    expect(perSymbolYear).toBeGreaterThan(1 / 14);
    expect(perSymbolYear).toBeLessThan(1 / 5);
    for (const s of splits) expect([2, 1.5, 3, 4, 0.1]).toContain(s.ratio);
    expect(splits.filter((s) => s.ratio === 0.1).length).toBeLessThan(splits.length / 10);
    const payers = new Set(all.filter((a) => a.type === 'cash_dividend').map((a) => a.symbol));
    expect(payers.size / symbols.length).toBeGreaterThan(0.3);
    expect(payers.size / symbols.length).toBeLessThan(0.7);
    for (const symbol of [...payers].slice(0, 10)) {
      const in2022 = all.filter((a) => a.symbol === symbol && a.type === 'cash_dividend' && a.exDate.startsWith('2022'));
      expect(in2022).toHaveLength(4);
      for (const d of in2022) {
        expect(d.cashAmount!).toBeGreaterThan(0);
        expect(d.payableDate! > d.exDate).toBe(true);
        expect(d.processDate).toBe(d.payableDate);
      }
    }
  });

  it('gives the yield a plausible size against the raw price on the ex-date', async () => {
    const sim = createSimProvider({ seed: 7, now: NOW });
    const symbols = ['AAPL', 'MSFT', 'NVDA', 'SPY', 'QQQ', 'TSLA'];
    const divs = (await ref.getCorporateActions({ symbols, from: '2023-01-01', to: '2023-12-31' })).filter((a) => a.type === 'cash_dividend');
    expect(divs.length).toBeGreaterThan(0);
    for (const d of divs) {
      const bars = d1(await sim.fetchBars({ symbols: [d.symbol], timeframes: ['d1'], from: midnight(d.exDate), to: nyWallTime(d.exDate, '23:00') }), d.symbol);
      const annualYield = (4 * d.cashAmount!) / bars[0]!.open;
      expect(annualYield).toBeGreaterThan(0.002);
      expect(annualYield).toBeLessThan(0.12);
    }
  });

  it.each(SPLITS)('raw bars jump by exactly $ratio at $symbol’s $exDate, and adjusting by it restores the continuous path', async (s) => {
    const [type, ratio] = [s.type, s.ratio];
    const actions = await ref.getCorporateActions({ symbols: [s.symbol], from: s.exDate, to: s.exDate });
    expect(actions).toEqual([expect.objectContaining({ symbol: s.symbol, type, exDate: s.exDate, ratio, cashAmount: null })]);

    const req = { symbols: [s.symbol], timeframes: ['m15' as const, 'd1' as const], from: midnight(s.window[0]), to: midnight(s.window[1]) };
    const raw = await createSimProvider({ seed: 7, now: NOW }).fetchBars(req);
    const flat = await createSimProvider({ seed: 7, now: NOW, splits: false }).fetchBars(req);
    const days = d1(raw, s.symbol);
    const on = days.findIndex((b) => dateOf(b) === s.exDate);
    expect(on).toBeGreaterThan(0);
    const before = days[on - 1]!;
    const after = days[on]!;
    const flatDays = d1(flat, s.symbol);
    // The raw close-to-open move is the path's overnight gap times 1/ratio: nothing else changed.
    const gap = flatDays[on]!.open / flatDays[on - 1]!.close;
    expect(before.close / after.open / (1 / gap)).toBeCloseTo(ratio, 2);
    expect(before.close / after.open).toBeGreaterThan(ratio * 0.85);
    expect(before.close / after.open).toBeLessThan(ratio * 1.15);
    // Same at m15: the last bar before the ex-date and the first on it.
    const bars = m15(raw, s.symbol);
    const firstOn = bars.findIndex((b) => dateOf(b) === s.exDate);
    expect(bars[firstOn - 1]!.close / bars[firstOn]!.open).toBeCloseTo(before.close / after.open, 6);
    // Volumes move the other way: before the ex-date they are lower by the ratio.
    expect((before.volume * ratio * flatDays[on]!.volume) / (after.volume * flatDays[on - 1]!.volume)).toBeCloseTo(1, 4);

    // Read-time adjustment: bars before the ex-date ÷ ratio (volumes × ratio) are one scale of the flat path.
    const adjusted = days.map((b, i) => (i < on ? { close: b.close / ratio, volume: b.volume * ratio } : b));
    const scale = adjusted.map((b, i) => b.close / flatDays[i]!.close);
    for (const k of scale) expect(k / scale[0]!).toBeCloseTo(1, 2);
    const volumeScale = adjusted.map((b, i) => b.volume / flatDays[i]!.volume);
    for (const k of volumeScale) expect(k / volumeScale[0]!).toBeCloseTo(1, 2);
  });

  it('serves each bar the same whatever range asked first, splits included', async () => {
    const s = SPLITS[0];
    const day = { symbols: [s.symbol], timeframes: ['m15' as const], from: midnight(s.exDate), to: nyWallTime(s.exDate, '23:00') };
    const cold = await createSimProvider({ seed: 7, now: NOW }).fetchBars(day);
    const warm = createSimProvider({ seed: 7, now: NOW });
    await warm.fetchBars({ symbols: [s.symbol], timeframes: ['d1'], from: midnight('2010-01-01'), to: midnight('2024-01-01') });
    expect(await warm.fetchBars(day)).toEqual(cold);
    const m = simMarket(7);
    expect(m.corporateActions(s.symbol, '2021-01-01', '2021-12-31')).toEqual(simMarket(7).corporateActions(s.symbol, '2000-01-01', '2024-12-31').filter((a) => a.exDate.startsWith('2021')));
  });

  it('has no splits with splits: false, and the same dividend dates', async () => {
    const flat = createSimReferenceProvider({ seed: 7, now: NOW, splits: false });
    const req = { symbols: ['T25', 'R120', 'AAPL'], from: '2000-01-01', to: '2024-06-30' };
    const a = await flat.getCorporateActions(req);
    expect(a.filter((x) => x.type !== 'cash_dividend')).toEqual([]);
    const b = (await ref.getCorporateActions(req)).filter((x) => x.type === 'cash_dividend');
    expect(a.map((x) => [x.symbol, x.exDate])).toEqual(b.map((x) => [x.symbol, x.exDate]));
  });

  it('does not know actions more than 30 days before their ex-date', async () => {
    const early = createSimReferenceProvider({ seed: 7, now: () => new Date('2021-07-20T12:00:00Z') });
    expect(await early.getCorporateActions({ symbols: ['T25'], from: '2021-09-01', to: '2021-09-30' })).toEqual([]);
    const later = createSimReferenceProvider({ seed: 7, now: () => new Date('2021-08-10T12:00:00Z') });
    expect(await later.getCorporateActions({ symbols: ['T25'], from: '2021-09-01', to: '2021-09-30' })).toHaveLength(1);
  });

  it('keeps the raw item Alpaca would send as detail', async () => {
    const [split] = await ref.getCorporateActions({ symbols: ['R120'], from: '2014-06-02', to: '2014-06-02' });
    expect(split!.detail).toEqual({
      id: split!.providerId,
      symbol: 'R120',
      old_cusip: expect.stringMatching(/^[0-9A-Z]{9}$/),
      new_cusip: expect.stringMatching(/^[0-9A-Z]{9}$/),
      new_rate: 1,
      old_rate: 10,
      process_date: '2014-06-02',
      ex_date: '2014-06-02',
      record_date: split!.recordDate,
      payable_date: split!.payableDate,
    });
  });

  it('serves the calendar from the market clock: early closes in, holidays out', async () => {
    expect(await ref.getCalendar('2024-07-01', '2024-07-08')).toEqual([
      { date: '2024-07-01', open: '09:30', close: '16:00' },
      { date: '2024-07-02', open: '09:30', close: '16:00' },
      { date: '2024-07-03', open: '09:30', close: '13:00' },
      { date: '2024-07-05', open: '09:30', close: '16:00' },
      { date: '2024-07-08', open: '09:30', close: '16:00' },
    ]);
    const winter = await ref.getCalendar('2024-01-01', '2024-12-31');
    expect(winter).toHaveLength(252);
    expect(winter.every((d) => d.open === '09:30')).toBe(true);
    expect(winter.filter((d) => d.close === '13:00').map((d) => d.date)).toEqual(['2024-07-03', '2024-11-29', '2024-12-24']);
  });

  it('rejects malformed requests', async () => {
    await expect(ref.getCalendar('2024-07-10', '2024-07-01')).rejects.toThrow(/before `from`/);
    await expect(ref.getCalendar('2024-7-1', '2024-07-01')).rejects.toThrow(/invalid `from`/);
    await expect(ref.getCorporateActions({ symbols: [''], from: '2024-01-01', to: '2024-01-02' })).rejects.toThrow(/empty symbol/);
  });
});
