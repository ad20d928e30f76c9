import { type Bar, marketClock } from '@marketfleet/market';
import { aggregateBars, combineBars } from './aggregate';

function m15(iso: string, o: number, h: number, l: number, c: number, v: number, vw: number | null = (h + l) / 2): Bar {
  return { ts: new Date(iso), open: o, high: h, low: l, close: c, volume: v, vwap: vw, tradeCount: v / 10 };
}

// 2024-07-01 (EDT): the session opens 13:30Z.
const day = [
  m15('2024-07-01T13:30:00Z', 10, 11, 9.5, 10.5, 100),
  m15('2024-07-01T13:45:00Z', 10.5, 12, 10, 11, 300),
  m15('2024-07-01T14:00:00Z', 11, 11.5, 10.8, 11.2, 200),
  m15('2024-07-01T14:15:00Z', 11.2, 11.3, 10.9, 11, 100),
  m15('2024-07-01T14:30:00Z', 11, 11.1, 10.7, 10.8, 50),
];

describe('combineBars', () => {
  it('takes first open, last close, extremes, sums and the volume-weighted vwap', () => {
    const bar = combineBars(day.slice(0, 2), new Date('2024-07-01T13:30:00Z'));
    expect(bar).toEqual({
      ts: new Date('2024-07-01T13:30:00Z'),
      open: 10,
      high: 12,
      low: 9.5,
      close: 11,
      volume: 400,
      vwap: (10.25 * 100 + 11 * 300) / 400,
      tradeCount: 40,
    });
  });

  it('gives null vwap when one input lacks it or nothing traded, null tradeCount when one lacks it', () => {
    expect(combineBars([day[0]!, { ...day[1]!, vwap: null }], day[0]!.ts).vwap).toBeNull();
    expect(combineBars([{ ...day[0]!, volume: 0 }], day[0]!.ts).vwap).toBeNull();
    expect(combineBars([day[0]!, { ...day[1]!, tradeCount: null }], day[0]!.ts).tradeCount).toBeNull();
  });

  it('refuses an empty group', () => {
    expect(() => combineBars([], new Date())).toThrow(RangeError);
  });
});

describe('aggregateBars', () => {
  it('anchors h1 at 09:30 New York, not on the clock hour', () => {
    const h1 = aggregateBars(day, 'h1', marketClock);
    expect(h1.map((b) => b.ts.toISOString())).toEqual(['2024-07-01T13:30:00.000Z', '2024-07-01T14:30:00.000Z']);
    expect(h1[0]).toMatchObject({ open: 10, close: 11, high: 12, low: 9.5, volume: 700 });
    expect(h1[1]).toMatchObject({ open: 11, close: 10.8, volume: 50 });
  });

  it('folds a whole day into d1 at the session open, and d1s into w1 at the week’s first open', () => {
    const d1 = aggregateBars(day, 'd1', marketClock);
    expect(d1).toHaveLength(1);
    expect(d1[0]).toMatchObject({ ts: new Date('2024-07-01T13:30:00Z'), open: 10, close: 10.8, high: 12, low: 9.5, volume: 750 });
    const tue = { ...d1[0]!, ts: new Date('2024-07-02T13:30:00Z'), open: 10.8, close: 13, high: 13.5 };
    const nextMon = { ...d1[0]!, ts: new Date('2024-07-08T13:30:00Z') };
    const w1 = aggregateBars([d1[0]!, tue, nextMon], 'w1', marketClock);
    expect(w1.map((b) => [b.ts.toISOString(), b.open, b.close, b.high, b.volume])).toEqual([
      ['2024-07-01T13:30:00.000Z', 10, 13, 13.5, 1500],
      ['2024-07-08T13:30:00.000Z', 10, 10.8, 12, 750],
    ]);
  });

  it('clips h4 at the early close: 09:30 and 13:30 on a full day, one bar on 2024-07-03', () => {
    const full = Array.from({ length: 26 }, (_, k) => m15(new Date(Date.parse('2024-07-01T13:30:00Z') + k * 900_000).toISOString(), 10, 11, 9, 10, 1));
    expect(aggregateBars(full, 'h4', marketClock).map((b) => [b.ts.toISOString(), b.volume])).toEqual([
      ['2024-07-01T13:30:00.000Z', 16],
      ['2024-07-01T17:30:00.000Z', 10],
    ]);
    const half = Array.from({ length: 14 }, (_, k) => m15(new Date(Date.parse('2024-07-03T13:30:00Z') + k * 900_000).toISOString(), 10, 11, 9, 10, 1));
    expect(aggregateBars(half, 'h4', marketClock).map((b) => b.volume)).toEqual([14]);
  });

  it('throws on a bar outside every session instead of dropping it', () => {
    expect(() => aggregateBars([m15('2024-07-01T12:00:00Z', 1, 1, 1, 1, 1)], 'h1', marketClock)).toThrow(/outside every session/);
  });
});
