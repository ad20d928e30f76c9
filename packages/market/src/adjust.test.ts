import { adjustBars, unadjustBars } from './adjust';
import type { PriceBar } from './bar';
import type { PriceAction } from './corporate-actions';

const day = (d: string) => new Date(`${d}T14:30:00Z`);
const dateOf = (ts: Date) => ts.toISOString().slice(0, 10);
const bar = (d: string, close: number, volume = 1000): PriceBar => ({
  ts: day(d), open: close, high: close * 1.01, low: close * 0.99, close, volume, vwap: close,
});
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

// Raw history: $40 until a 4:1 split on the 5th, a 1:10 reverse split on the 9th, a $1 dividend on the 11th.
const raw = [
  bar('2024-03-01', 40), bar('2024-03-04', 40.4), bar('2024-03-05', 10.1), bar('2024-03-06', 10.2),
  bar('2024-03-08', 10.25), bar('2024-03-09', 102), bar('2024-03-10', 103), bar('2024-03-11', 102), bar('2024-03-12', 102.5),
];
const actions: PriceAction[] = [
  { type: 'forward_split', exDate: '2024-03-05', ratio: 4, cashAmount: null },
  { type: 'reverse_split', exDate: '2024-03-09', ratio: 0.1, cashAmount: null },
  { type: 'cash_dividend', exDate: '2024-03-11', ratio: null, cashAmount: 1, prevClose: 103 },
];

describe('adjustBars', () => {
  test('raw keeps the jumps; split-adjusted is continuous across a 4:1 and a 1:10 split', () => {
    expect(adjustBars(raw, actions, 'raw', dateOf)).toEqual(raw);
    const split = adjustBars(raw, actions, 'split', dateOf);
    // Before the 4:1 split, prices ÷ 4 and ÷ 0.1 (the later reverse split): ×2.5 overall, volumes ×0.4.
    expect(split[0]!.close).toBeCloseTo(100, 9);
    expect(split[0]!.volume).toBeCloseTo(400, 9);
    expect(split[2]!.close).toBeCloseTo(101, 9);
    expect(split[4]!.close).toBeCloseTo(102.5, 9);
    expect(split.slice(5).map((b) => b.close)).toEqual([102, 103, 102, 102.5]);
    const returns = split.slice(1).map((b, i) => b.close / split[i]!.close);
    expect(returns.every((r) => r > 0.9 && r < 1.1)).toBe(true);
  });

  test('all also applies the dividend factor 1 − dividend / previous close before its ex-date', () => {
    const all = adjustBars(raw, actions, 'all', dateOf);
    const f = 1 - 1 / 103;
    expect(all[6]!.close).toBeCloseTo(103 * f, 9);
    expect(all[7]!.close).toBe(102);
    expect(all[0]!.close).toBeCloseTo(100 * f, 9);
    expect(all[0]!.volume).toBeCloseTo(400, 9); // dividends change prices, not share counts
  });

  test('adjusted series round-trip back to raw', () => {
    for (const mode of ['split', 'all'] as const) {
      const back = unadjustBars(adjustBars(raw, actions, mode, dateOf), actions, mode, dateOf);
      back.forEach((b, i) => {
        for (const k of ['open', 'high', 'low', 'close', 'volume', 'vwap'] as const) expect(near(b[k]!, raw[i]![k]!)).toBe(true);
      });
    }
  });

  test('ten years of daily bars with forty actions adjust in one pass', () => {
    const long = Array.from({ length: 2520 }, (_, i) => bar(new Date(Date.UTC(2014, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), 100 + i));
    const many: PriceAction[] = Array.from({ length: 40 }, (_, i) => ({
      type: i % 4 === 0 ? 'forward_split' : 'cash_dividend',
      exDate: new Date(Date.UTC(2014, 3, 1) + i * 60 * 86_400_000).toISOString().slice(0, 10),
      ratio: i % 4 === 0 ? 2 : null, cashAmount: i % 4 === 0 ? null : 0.5, prevClose: 150,
    }));
    const out = adjustBars(long, many, 'all', dateOf);
    expect(out).toHaveLength(2520);
    // The first bar carries every later split (×2 ten times) and dividend factor.
    expect(out[0]!.volume).toBe(long[0]!.volume * 2 ** 10);
    expect(out[out.length - 1]).toEqual(long[long.length - 1]);
  });
});
