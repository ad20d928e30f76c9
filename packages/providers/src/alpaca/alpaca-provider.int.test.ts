import { type Bar, marketClock, nyWallTime, type Timeframe } from '@marketfleet/market';
import { simMarket } from '../sim/sim-market';
import { createSimProvider } from '../sim/sim-provider';
import { type FakeAlpaca, type FakeAlpacaOptions, startFakeAlpaca } from '@marketfleet/testing';
import type { BarsResult, ProviderHooks, ResponseInfo } from '../types';
import { createAlpacaProvider } from './alpaca-provider';

const market = simMarket(11);
const sim = createSimProvider({ market });
const midnight = (date: string) => nyWallTime(date, '00:00');
const bars = (r: BarsResult, symbol: string, tf: Timeframe): Bar[] => r.series.find((s) => s.symbol === symbol && s.timeframe === tf)!.bars;
const noVwap = (bs: Bar[]) => bs.map((b) => ({ ...b, vwap: null }));

let fake: FakeAlpaca;
async function start(opts: FakeAlpacaOptions = {}) {
  fake = await startFakeAlpaca({ seed: 11, market, ...opts });
  return fake;
}
afterEach(() => fake?.close());

function provider(hooks?: ProviderHooks) {
  return createAlpacaProvider({ dataUrl: fake.url, keyId: 'test-key', secret: 'test-secret', hooks, sleep: async () => {} });
}

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'TSLA'];
const JULY = { from: midnight('2024-07-01'), to: midnight('2024-07-13') };

describe('Alpaca provider against the fake server', () => {
  it('pages across several symbols and appends per symbol: m15 equals the sim exactly', async () => {
    await start({ maxPageSize: 37 });
    const req = { symbols: SYMBOLS, timeframes: ['m15' as const], ...JULY };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    const total = SYMBOLS.reduce((n, s) => n + bars(want, s, 'm15').length, 0);
    expect(total).toBe(4 * (26 * 8 + 14));
    for (const s of SYMBOLS) expect(bars(got, s, 'm15')).toEqual(bars(want, s, 'm15'));
    // Extended-hours bars were served too (whole New York days were asked) and dropped.
    expect(got.requests).toBe(Math.ceil((total + got.droppedOutsideSession) / 37));
    expect(got.droppedOutsideSession).toBeGreaterThan(0);
    expect(got.quarantined).toEqual([]);
    expect(fake.stats.log.filter((l) => l.query.page_token !== undefined).length).toBe(got.requests - 1);
  });

  it('keeps paging through short pages until the token is null', async () => {
    await start({ shortPages: true, maxPageSize: 60 });
    const req = { symbols: ['AAPL', 'MSFT'], timeframes: ['m15' as const, 'd1' as const], ...JULY };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    expect(got.series).toEqual(want.series);
  });

  it('sends what Alpaca expects: whole-second Z times, limit 10000, raw, sip, asc; 15Min for m15/h1/h4', async () => {
    await start();
    const from = new Date('2024-07-01T13:30:00Z');
    const to = new Date('2024-07-02T20:00:00Z');
    const got = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'h1', 'h4'], from, to });
    expect(fake.stats.log).toHaveLength(1);
    expect(fake.stats.log[0]!.query).toEqual({
      symbols: 'AAPL',
      timeframe: '15Min',
      start: '2024-07-01T13:30:00Z',
      end: '2024-07-02T19:59:59Z',
      limit: '10000',
      adjustment: 'raw',
      feed: 'sip',
      sort: 'asc',
    });
    expect(got.droppedOutsideSession).toBe(0); // session-bounded range: no extended hours fetched
    const want = await sim.fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'h1', 'h4'], from, to });
    expect(got.series).toEqual(want.series);
    const hours = ['13:30', '14:30', '15:30', '16:30', '17:30', '18:30', '19:30'];
    expect(bars(got, 'AAPL', 'h1').map((b) => b.ts.toISOString().slice(11, 16))).toEqual([...hours, ...hours]);
    expect(bars(got, 'AAPL', 'h4').map((b) => b.ts.toISOString())).toEqual([
      '2024-07-01T13:30:00.000Z',
      '2024-07-01T17:30:00.000Z',
      '2024-07-02T13:30:00.000Z',
      '2024-07-02T17:30:00.000Z',
    ]);
  });

  it('builds h1/h4 from 30Min when m15 is not wanted, never from Alpaca’s clock-hour bars', async () => {
    await start();
    const req = { symbols: ['AAPL', 'MSFT'], timeframes: ['h1' as const, 'h4' as const], ...JULY };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    expect(new Set(fake.stats.log.map((l) => l.query.timeframe))).toEqual(new Set(['30Min']));
    for (const s of ['AAPL', 'MSFT']) {
      for (const tf of ['h1', 'h4'] as const) {
        // The same trades summed in another order: only the vwap's last bits may differ.
        expect(noVwap(bars(got, s, tf))).toEqual(noVwap(bars(want, s, tf)));
        bars(got, s, tf).forEach((b, i) => expect(b.vwap).toBeCloseTo(bars(want, s, tf)[i]!.vwap!, 6));
      }
    }
    // 2024-07-03 closes at 13:00: four h1 bars, the last 30 minutes long.
    const jul3 = bars(got, 'AAPL', 'h1').filter((b) => marketClock.sessionAt(b.ts)?.date === '2024-07-03');
    expect(jul3).toHaveLength(4);
  });

  it('re-keys 1Day bars to the session open and builds w1 from them', async () => {
    await start();
    const req = { symbols: SYMBOLS, timeframes: ['d1' as const, 'w1' as const], from: midnight('2023-12-18'), to: midnight('2024-07-13') };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    expect(new Set(fake.stats.log.map((l) => l.query.timeframe))).toEqual(new Set(['1Day']));
    for (const s of SYMBOLS) {
      expect(bars(got, s, 'd1')).toEqual(bars(want, s, 'd1'));
      expect(bars(got, s, 'w1')).toEqual(bars(want, s, 'w1'));
    }
    const d1 = bars(got, 'AAPL', 'd1').map((b) => b.ts.toISOString());
    expect(d1).toContain('2024-01-02T14:30:00.000Z'); // EST
    expect(d1).toContain('2024-07-05T13:30:00.000Z'); // EDT
    expect(d1).not.toContain('2024-07-04T13:30:00.000Z');
    expect(bars(got, 'AAPL', 'w1')[0]!.ts.toISOString()).toBe('2023-12-18T14:30:00.000Z');
  });

  it('serves all five timeframes in one call, consistent with the sim', async () => {
    await start({ maxPageSize: 500 });
    const tfs: Timeframe[] = ['m15', 'h1', 'h4', 'd1', 'w1'];
    const req = { symbols: ['AAPL', 'ZZZ'], timeframes: tfs, ...JULY };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    expect(got.series.map((s) => `${s.symbol}/${s.timeframe}`)).toEqual(want.series.map((s) => `${s.symbol}/${s.timeframe}`));
    expect(got.series).toEqual(want.series);
    expect(got.rejectedSymbols).toEqual([]);
  });

  it('quarantines NaN-like and negative bars instead of returning them, ignoring unknown fields', async () => {
    await start({
      extraFields: true,
      extendedHours: false,
      badBars: [
        { symbol: 'AAPL', index: 2, field: 'o', value: -1 },
        { symbol: 'AAPL', index: 5, field: 'c', value: 'NaN' },
        { symbol: 'MSFT', index: 0, field: 'v', value: null },
      ],
    });
    const req = { symbols: ['AAPL', 'MSFT'], timeframes: ['m15' as const, 'h1' as const], from: midnight('2024-07-01'), to: midnight('2024-07-02') };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    const m15 = bars(want, 'AAPL', 'm15');
    expect(bars(got, 'AAPL', 'm15')).toEqual(m15.filter((_, i) => i !== 2 && i !== 5));
    expect(bars(got, 'MSFT', 'm15')).toEqual(bars(want, 'MSFT', 'm15').slice(1));
    const raws = got.quarantined.filter((q) => q.raw !== null);
    expect(raws.map((q) => [q.symbol, q.timeframe, q.ts?.toISOString(), q.reason])).toEqual([
      ['AAPL', 'm15', m15[2]!.ts.toISOString(), 'open <= 0'],
      ['AAPL', 'm15', m15[5]!.ts.toISOString(), 'c is not a number'],
      ['MSFT', 'm15', '2024-07-01T13:30:00.000Z', 'v is null'],
    ]);
    expect(raws[0]!.raw).toMatchObject({ o: -1, x_unknown: { a: [1, 2] } });
    // The h1 bars holding those m15 bars would come out short: withheld, not stored.
    expect(bars(got, 'AAPL', 'h1')).toEqual(bars(want, 'AAPL', 'h1').slice(2));
    expect(bars(got, 'MSFT', 'h1')).toEqual(bars(want, 'MSFT', 'h1').slice(1));
    expect(got.quarantined.filter((q) => q.raw === null).map((q) => [q.symbol, q.timeframe, q.ts?.toISOString()])).toEqual([
      ['AAPL', 'h1', '2024-07-01T13:30:00.000Z'],
      ['AAPL', 'h1', '2024-07-01T14:30:00.000Z'],
      ['MSFT', 'h1', '2024-07-01T13:30:00.000Z'],
    ]);
  });

  it('reads past `to` to finish sessions and weeks, but never into the last 15 minutes', async () => {
    await start();
    const at = (iso: string) => () => new Date(iso);
    const p = (now: string) => createAlpacaProvider({ dataUrl: fake.url, keyId: 'test-key', secret: 'test-secret', now: at(now) });
    const live = { symbols: ['AAPL'], from: nyWallTime('2024-07-01', '09:30'), to: new Date('2024-07-01T15:00:00Z') };
    await p('2024-07-01T15:05:00Z').fetchBars({ ...live, timeframes: ['h1'] });
    await p('2024-07-01T18:00:00Z').fetchBars({ ...live, timeframes: ['h1'] });
    await p('2024-07-01T15:05:00Z').fetchBars({ ...live, timeframes: ['w1'] });
    await p('2024-08-01T00:00:00Z').fetchBars({ ...live, timeframes: ['w1'] });
    expect(fake.stats.log.map((l) => l.query.end)).toEqual([
      '2024-07-01T14:59:59Z', // `to` itself: the cutoff (14:50) is earlier
      '2024-07-01T17:44:59Z', // on towards the close, up to 15 minutes ago
      '2024-07-01T14:59:59Z',
      '2024-07-08T03:59:59Z', // the whole week, long past
    ]);
  });

  it('makes no request for a range without sessions, and returns every series empty', async () => {
    await start();
    const got = await provider().fetchBars({ symbols: ['AAPL', 'MSFT'], timeframes: ['m15', 'd1'], from: midnight('2024-07-06'), to: midnight('2024-07-08') });
    expect(got.requests).toBe(0);
    expect(fake.stats.requests).toBe(0);
    expect(got.series).toEqual([
      { symbol: 'AAPL', timeframe: 'm15', bars: [] },
      { symbol: 'AAPL', timeframe: 'd1', bars: [] },
      { symbol: 'MSFT', timeframe: 'm15', bars: [] },
      { symbol: 'MSFT', timeframe: 'd1', bars: [] },
    ]);
  });

  it('calls beforeRequest before and onResponse after every HTTP request, pages and retries included', async () => {
    await start({ maxPageSize: 100, faults: [{ type: 'status', status: 500 }] });
    const events: string[] = [];
    const infos: ResponseInfo[] = [];
    const hooks: ProviderHooks = {
      beforeRequest: async (p) => {
        events.push(`before:${p}`);
      },
      onResponse: (info) => {
        events.push(`after:${info.status}`);
        infos.push(info);
      },
    };
    const got = await provider(hooks).fetchBars({ symbols: ['AAPL'], timeframes: ['m15'], from: midnight('2024-07-01'), to: midnight('2024-07-03') });
    expect(got.requests).toBe(fake.stats.requests);
    expect(events).toEqual(['before:alpaca', 'after:500', ...Array.from({ length: got.requests - 1 }, () => ['before:alpaca', 'after:200']).flat()]);
    expect(infos.every((i) => i.provider === 'alpaca' && i.durationMs >= 0 && /^0{8}-/.test(i.requestId!))).toBe(true);
  });
});
