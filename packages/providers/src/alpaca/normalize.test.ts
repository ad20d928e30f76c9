import { marketClock, type Timeframe } from '@marketfleet/market';
import type { QuarantinedBar } from '../types';
import { normalizeDaily, normalizeIntraday } from './normalize';

function raw(t: string, o = 10, extra: Record<string, unknown> = {}) {
  return { t, o, h: o + 1, l: o - 1, c: o + 0.5, v: 100, n: 5, vw: o, ...extra };
}

function run(kind: 'intraday15' | 'intraday30' | 'daily', raws: unknown[], wanted: Timeframe[]) {
  const quarantined: QuarantinedBar[] = [];
  let dropped = 0;
  const src = { symbol: 'AAPL', raws, wanted, clock: marketClock, sink: { quarantine: (q: QuarantinedBar) => quarantined.push(q), dropOutsideSession: () => dropped++ } };
  const out = kind === 'daily' ? normalizeDaily(src) : normalizeIntraday(src, kind === 'intraday15' ? 15 : 30);
  const iso = (tf: Timeframe) => out.get(tf)!.map((b) => b.ts.toISOString());
  return { out, quarantined, dropped: () => dropped, iso };
}

// 2024-07-01 opens 13:30Z (09:30 EDT).
const t15 = (k: number) => new Date(Date.parse('2024-07-01T13:30:00Z') + k * 900_000).toISOString().replace('.000Z', 'Z');

describe('normalizeIntraday', () => {
  it('drops extended hours, counts them, and builds 09:30-anchored h1/h4 from 15Min', () => {
    const raws = [raw('2024-07-01T08:00:00Z'), raw('2024-07-01T13:15:00Z'), ...Array.from({ length: 26 }, (_, k) => raw(t15(k), 10 + k)), raw('2024-07-01T20:00:00Z')];
    const r = run('intraday15', raws, ['m15', 'h1', 'h4']);
    expect(r.dropped()).toBe(3);
    expect(r.quarantined).toEqual([]);
    expect(r.out.get('m15')).toHaveLength(26);
    expect(r.iso('h1')[0]).toBe('2024-07-01T13:30:00.000Z');
    expect(r.iso('h1').at(-1)).toBe('2024-07-01T19:30:00.000Z');
    expect(r.out.get('h1')).toHaveLength(7);
    expect(r.out.get('h1')!.at(-1)!.volume).toBe(200); // 15:30–16:00: two bars
    expect(r.iso('h4')).toEqual(['2024-07-01T13:30:00.000Z', '2024-07-01T17:30:00.000Z']);
    expect(r.out.get('h4')![0]).toMatchObject({ open: 10, close: 25.5, volume: 1600 });
  });

  it('builds h1/h4 from 30Min bars', () => {
    const raws = Array.from({ length: 13 }, (_, k) => raw(new Date(Date.parse('2024-07-01T13:30:00Z') + k * 1_800_000).toISOString(), 10 + k));
    const r = run('intraday30', raws, ['h1', 'h4']);
    expect(r.out.get('h1')).toHaveLength(7);
    expect(r.out.get('h4')!.map((b) => b.volume)).toEqual([800, 500]);
  });

  it('quarantines bars off the grid, bad values and duplicates, and withholds the aggregates they belong to', () => {
    const raws = [raw(t15(0)), raw(t15(1), -1), raw('2024-07-01T14:07:00Z'), raw(t15(4)), raw(t15(4)), raw(t15(8), 10, { c: 'NaN' })];
    const r = run('intraday15', raws, ['m15', 'h1']);
    expect(r.iso('m15')).toEqual([t15(0), t15(4)].map((t) => new Date(t).toISOString()));
    expect(r.quarantined.map((q) => [q.timeframe, q.ts?.toISOString(), q.reason])).toEqual([
      ['m15', '2024-07-01T13:45:00.000Z', 'open <= 0'],
      ['m15', '2024-07-01T14:07:00.000Z', 'misaligned: not on the 15-minute grid from the session open'],
      ['m15', '2024-07-01T15:30:00.000Z', 'c is not a number'],
      ['m15', '2024-07-01T14:30:00.000Z', 'duplicate timestamp'],
      ['h1', '2024-07-01T13:30:00.000Z', 'an input bar was quarantined: open <= 0'],
      ['h1', '2024-07-01T15:30:00.000Z', 'an input bar was quarantined: c is not a number'],
    ]);
    expect(r.quarantined[0]!.raw).toEqual(raws[1]);
    // Only the 10:30 hour is untouched.
    expect(r.iso('h1')).toEqual(['2024-07-01T14:30:00.000Z']);
  });

  it('quarantines a bar whose timestamp cannot be read', () => {
    const r = run('intraday15', [{ t: 'later', o: 1 }, 'junk'], ['m15']);
    expect(r.quarantined.map((q) => [q.ts, q.reason])).toEqual([
      [null, 'invalid timestamp'],
      [null, 'bar is not an object'],
    ]);
  });
});

describe('normalizeDaily', () => {
  it('re-keys New York-midnight daily bars to the session open (EDT and EST) and builds w1', () => {
    const raws = [raw('2024-07-01T04:00:00Z', 10), raw('2024-07-02T04:00:00Z', 11), raw('2024-07-08T04:00:00Z', 12), raw('2024-01-02T05:00:00Z', 13)];
    const r = run('daily', raws, ['d1', 'w1']);
    expect(r.iso('d1')).toEqual(['2024-01-02T14:30:00.000Z', '2024-07-01T13:30:00.000Z', '2024-07-02T13:30:00.000Z', '2024-07-08T13:30:00.000Z']);
    expect(r.iso('w1')).toEqual(['2024-01-02T14:30:00.000Z', '2024-07-01T13:30:00.000Z', '2024-07-08T13:30:00.000Z']);
    expect(r.out.get('w1')![1]).toMatchObject({ open: 10, close: 11.5, volume: 200 });
  });

  it('quarantines a daily bar on a holiday or off midnight, and withholds its week', () => {
    const raws = [raw('2024-07-01T04:00:00Z'), raw('2024-07-02T13:30:00Z'), raw('2024-07-04T04:00:00Z')];
    const r = run('daily', raws, ['w1']);
    expect(r.quarantined.map((q) => [q.timeframe, q.reason])).toEqual([
      ['w1', 'misaligned: daily bar not at New York midnight'],
      ['w1', 'daily bar on 2024-07-04, which is not a trading session'],
      ['w1', 'an input bar was quarantined: misaligned: daily bar not at New York midnight'],
    ]);
    expect(r.out.get('w1')).toEqual([]);
  });
});
