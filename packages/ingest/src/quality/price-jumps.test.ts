import { marketClock, nyDate } from '@marketfleet/market';
import { DEFAULT_QUALITY_CONFIG, explainNothing, type ExplainJump } from './config';
import { checkPriceJumps } from './price-jumps';
import { splitLike } from './robust-stats';
import { bar, normals, randomWalk } from '@marketfleet/testing';
import type { CheckBar } from './types';

const CFG = DEFAULT_QUALITY_CONFIG.jump;
const WINDOW = { fromDate: '2024-07-01', toDate: '2024-07-05' };
const starts = (tf: 'd1' | 'm15', from: string) => marketClock.expectedBars(tf, new Date(from), new Date('2024-07-06T00:00:00Z'));

/** Scales every price from the session `date` on, as a split or a move that stays would. */
function from(bars: CheckBar[], date: string, factor: number, what: 'all' | 'close' = 'all'): CheckBar[] {
  return bars.map((b) => {
    const d = nyDate(b.ts);
    if (d < date || (what === 'close' && d > date)) return b;
    const f = what === 'close' ? { open: b.open, close: b.close * factor } : { open: b.open * factor, close: b.close * factor };
    return { ...b, ...f, high: Math.max(f.open, f.close) * 1.001, low: Math.min(f.open, f.close) * 0.999 };
  });
}

/** Daily closes with 2 % daily volatility since January. */
const daily = () => randomWalk(starts('d1', '2024-01-02T00:00:00Z'), 0.02, 3);
const check = (bars: CheckBar[], explain: ExplainJump = explainNothing) =>
  checkPriceJumps(marketClock, { symbol: 'AAPL', timeframe: 'd1', ...WINDOW, bars }, CFG, explain);

describe('checkPriceJumps: d1', () => {
  test('an ordinary series has no jumps', () => {
    expect(check(daily())).toEqual([]);
  });

  test.each([
    ['a 2-for-1 split', 0.5, '2-for-1 split'],
    ['a 3-for-2 split', 2 / 3, '3-for-2 split'],
    ['a 1-for-10 reverse split', 10, '1-for-10 reverse split'],
    ['a 45 % crash, not split-sized', 0.55, undefined],
  ])('%s on 2 July is flagged', (_name, factor, label) => {
    const [finding, ...rest] = check(from(daily(), '2024-07-02', factor));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: 'price_jump', sessionDate: '2024-07-02', detail: { count: 1, k: 10 } });
    const [jump] = (finding!.detail as { jumps: Array<Record<string, unknown>> }).jumps;
    expect(jump).toMatchObject({ ts: '2024-07-02T13:30:00.000Z', robustZ: expect.any(Number) });
    expect(jump!.splitLike).toBe(label);
  });

  test('a volatile day (a 9 % move, 4–5 σ) is not a jump', () => {
    expect(check(from(daily(), '2024-07-03', 1.09, 'close'))).toEqual([]);
  });

  test('a corporate action on that session explains the jump', () => {
    const bars = from(daily(), '2024-07-02', 0.5);
    expect(check(bars, (symbol, date) => symbol === 'AAPL' && date === '2024-07-02')).toEqual([]);
    expect(check(bars, (_s, date) => date === '2024-07-01')).toHaveLength(1);
  });

  test('jumps before the window are history, and too little history judges nothing', () => {
    expect(check(from(daily(), '2024-06-20', 0.5))).toEqual([]);
    const short = daily().filter((b) => nyDate(b.ts) >= '2024-06-10');
    expect(check(from(short, '2024-07-02', 0.5))).toEqual([]);
  });

  test('bars breaking the OHLC rules are left to that check', () => {
    const bars = daily().map((b) => (nyDate(b.ts) === '2024-07-02' ? { ...b, close: 0 } : b));
    expect(check(bars)).toEqual([]);
  });
});

describe('checkPriceJumps: m15', () => {
  /** 0.2 % per 15 minutes within sessions, 1 % overnight gaps. */
  function intraday(): CheckBar[] {
    const ts = starts('m15', '2024-04-01T00:00:00Z');
    const z = normals(ts.length * 2, 5);
    let close = 100;
    let day = '';
    return ts.map((t, i) => {
      const overnight = nyDate(t) !== day;
      day = nyDate(t);
      const open = overnight ? close * Math.exp(0.01 * z[2 * i]!) : close;
      close = open * Math.exp(0.002 * z[2 * i + 1]!);
      return bar(t, { open, close, high: Math.max(open, close) * 1.0005, low: Math.min(open, close) * 0.9995 });
    });
  }
  const checkM15 = (bars: CheckBar[]) => checkPriceJumps(marketClock, { symbol: 'AAPL', timeframe: 'm15', ...WINDOW, bars }, CFG, explainNothing);

  test('overnight gaps are judged against overnight gaps: a 3 % gap open is ordinary', () => {
    expect(checkM15(intraday())).toEqual([]);
    expect(checkM15(from(intraday(), '2024-07-02', 1.03))).toEqual([]);
  });

  test('a split overnight is a gap-open jump; a 3 % spike within a session is one up and one back', () => {
    const [split] = checkM15(from(intraday(), '2024-07-02', 0.5));
    expect(split).toMatchObject({ sessionDate: '2024-07-02', detail: { jumps: [{ ts: '2024-07-02T13:30:00.000Z', measure: 'gap-open', splitLike: '2-for-1 split' }] } });
    const bars = intraday().map((b) => (b.ts.toISOString() === '2024-07-03T15:00:00.000Z' ? { ...b, close: b.close * 1.03, high: b.close * 1.04 } : b));
    const [spike] = checkM15(bars);
    expect(spike).toMatchObject({
      sessionDate: '2024-07-03',
      detail: { count: 2, jumps: [{ ts: '2024-07-03T15:00:00.000Z', measure: 'close-to-close' }, { ts: '2024-07-03T15:15:00.000Z' }] },
    });
  });
});

describe('splitLike', () => {
  test.each([
    [0.5, '2-for-1 split'],
    [0.51, '2-for-1 split'],
    [1 / 3, '3-for-1 split'],
    [0.66, '3-for-2 split'],
    [0.1, '10-for-1 split'],
    [2, '1-for-2 reverse split'],
    [10.2, '1-for-10 reverse split'],
    [0.9, null],
    [1.3, null],
    [0, null],
  ])('%d → %s', (ratio, label) => {
    expect(splitLike(ratio)).toBe(label);
  });
});
