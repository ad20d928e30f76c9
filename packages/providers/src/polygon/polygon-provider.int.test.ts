import { type Bar, nyWallTime, type Timeframe } from '@marketfleet/market';
import { ProviderAuthError } from '../errors';
import { simMarket } from '../sim/sim-market';
import { createSimProvider } from '../sim/sim-provider';
import { type FakePolygon, type FakePolygonOptions, startFakePolygon } from '@marketfleet/testing';
import type { BarsResult } from '../types';
import { createPolygonProvider, type PolygonProviderOptions } from './polygon-provider';

const market = simMarket(11);
const now = () => new Date('2024-08-01T00:00:00Z');
const sim = createSimProvider({ market, now });
const midnight = (date: string) => nyWallTime(date, '00:00');
const bars = (r: BarsResult, symbol: string, tf: Timeframe): Bar[] => r.series.find((s) => s.symbol === symbol && s.timeframe === tf)!.bars;
const noVwap = (bs: Bar[]) => bs.map((b) => ({ ...b, vwap: null }));
const JULY = { from: midnight('2024-07-01'), to: midnight('2024-07-13') };

let fake: FakePolygon;
async function start(opts: FakePolygonOptions = {}) {
  fake = await startFakePolygon({ seed: 11, market, now, ...opts });
}
afterEach(() => fake?.close());

const provider = (o: Partial<PolygonProviderOptions> = {}) =>
  createPolygonProvider({ apiUrl: fake.url, apiKey: 'test-key', now, sleep: async () => {}, ...o });

describe('Polygon provider against the fake server', () => {
  it('follows next_url on to our host with the key appended: m15 equals the sim exactly', async () => {
    await start({ maxPageSize: 100, nextUrlOrigin: 'https://api.polygon.io' });
    const req = { symbols: ['AAPL', 'MSFT'], timeframes: ['m15' as const], ...JULY };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    for (const s of ['AAPL', 'MSFT']) expect(bars(got, s, 'm15')).toEqual(bars(want, s, 'm15'));
    expect(got.droppedOutsideSession).toBeGreaterThan(0); // minute aggregates carry extended hours
    expect(fake.stats.barsServed).toBe(2 * (26 * 8 + 14) + got.droppedOutsideSession);
    expect(got.requests).toBe(fake.stats.requests);
    expect(got.requests).toBeGreaterThanOrEqual(Math.ceil(fake.stats.barsServed / 100));
    const followed = fake.stats.log.filter((l) => l.query.cursor !== undefined);
    expect(followed).toHaveLength(got.requests - 2);
    expect(followed.every((l) => l.query.apiKey === 'test-key' && Object.keys(l.query).sort().join() === 'apiKey,cursor')).toBe(true);
  });

  it('asks for one ticker per request: 15-minute raw ascending aggregates in epoch ms, 50,000 at most', async () => {
    await start();
    const from = new Date('2024-07-01T13:30:00Z');
    const to = new Date('2024-07-02T20:00:00Z');
    const got = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'h1', 'h4'], from, to });
    expect(fake.stats.log.map((l) => [l.path, l.query])).toEqual([
      [
        `/v2/aggs/ticker/AAPL/range/15/minute/${from.getTime()}/${to.getTime() - 1}`,
        { adjusted: 'false', sort: 'asc', limit: '50000', apiKey: 'test-key' },
      ],
    ]);
    const want = await sim.fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'h1', 'h4'], from, to });
    expect(got.series).toEqual(want.series);
    expect(got.droppedOutsideSession).toBe(0);
  });

  it('builds h1/h4 from 30-minute aggregates at the 09:30 anchor when m15 is not wanted', async () => {
    await start();
    const req = { symbols: ['AAPL'], timeframes: ['h1' as const, 'h4' as const], ...JULY };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    expect(new Set(fake.stats.log.map((l) => l.path.split('/').slice(6, 8).join('/')))).toEqual(new Set(['30/minute']));
    for (const tf of ['h1', 'h4'] as const) {
      expect(noVwap(bars(got, 'AAPL', tf))).toEqual(noVwap(bars(want, 'AAPL', tf)));
    }
    expect(bars(got, 'AAPL', 'h1')[0]!.ts.toISOString()).toBe('2024-07-01T13:30:00.000Z');
  });

  it('re-keys daily bars from New York midnight to the session open and builds w1 from them', async () => {
    await start();
    const req = { symbols: ['AAPL', 'MSFT'], timeframes: ['d1' as const, 'w1' as const], from: midnight('2023-12-18'), to: midnight('2024-07-13') };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    expect(got.series).toEqual(want.series);
    expect(fake.stats.log[0]!.path).toBe('/v2/aggs/ticker/AAPL/range/1/day/2023-12-18/2024-07-14');
    const d1 = bars(got, 'AAPL', 'd1').map((b) => b.ts.toISOString());
    expect(d1).toContain('2024-01-02T14:30:00.000Z');
    expect(d1).toContain('2024-07-05T13:30:00.000Z');
    expect(d1).not.toContain('2024-07-04T13:30:00.000Z');
  });

  it('quarantines bad aggregates with their reason, withholds the aggregates they feed, ignores unknown fields', async () => {
    await start({
      extraFields: true,
      extendedHours: false,
      badBars: [
        { symbol: 'AAPL', index: 2, field: 'o', value: -1 },
        { symbol: 'AAPL', index: 5, field: 'c', value: null },
        { symbol: 'AAPL', index: 7, field: 't', value: '2024-07-01T15:15:00Z' },
      ],
    });
    const req = { symbols: ['AAPL'], timeframes: ['m15' as const, 'h1' as const], from: midnight('2024-07-01'), to: midnight('2024-07-02') };
    const got = await provider().fetchBars(req);
    expect(got.quarantined.map((q) => [q.timeframe, q.ts?.toISOString() ?? null, q.reason])).toEqual([
      ['m15', '2024-07-01T14:00:00.000Z', 'open <= 0'],
      ['m15', '2024-07-01T14:45:00.000Z', 'c is null'],
      ['m15', null, 'invalid timestamp'],
      ['h1', '2024-07-01T13:30:00.000Z', 'an input bar was quarantined: open <= 0'],
      ['h1', '2024-07-01T14:30:00.000Z', 'an input bar was quarantined: c is null'],
    ]);
    expect(got.quarantined[0]!.raw).toMatchObject({ o: -1, x_unknown: { a: [1, 2] } });
    expect(bars(got, 'AAPL', 'm15')).toHaveLength(23);
    expect(bars(got, 'AAPL', 'h1')).toHaveLength(5);
  });

  it('makes no request for a range without sessions, and reads a page without `results` as empty', async () => {
    await start();
    const got = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'd1'], from: midnight('2024-07-06'), to: midnight('2024-07-08') });
    expect(got.requests).toBe(0);
    expect(got.series.every((s) => s.bars.length === 0)).toBe(true);
    const future = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['d1'], from: midnight('2024-09-02'), to: midnight('2024-09-07') });
    expect(future.requests).toBe(1);
    expect(future.series[0]!.bars).toEqual([]);
  });

  it('refuses a missing or unknown key with 401 and a plan limit with 403, never retried', async () => {
    await start();
    const wrong = await provider({ apiKey: 'nope' }).fetchBars({ symbols: ['AAPL'], timeframes: ['d1'], ...JULY }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ProviderAuthError);
    expect(wrong).toMatchObject({ status: 401, message: 'Unknown API Key' });
    fake.configure({ authMode: 'not-entitled' });
    const plan = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['d1'], ...JULY }).catch((e: unknown) => e);
    expect(plan).toMatchObject({ status: 403, message: expect.stringMatching(/not entitled/) });
    expect(fake.stats.requests).toBe(2);
  });

  it('can send the key as a Bearer header instead, keeping it out of every URL', async () => {
    await start({ maxPageSize: 50 });
    const got = await provider({ auth: 'header' }).fetchBars({ symbols: ['AAPL'], timeframes: ['m15'], ...JULY });
    expect(got.series[0]!.bars.length).toBeGreaterThan(200);
    expect(fake.stats.log.every((l) => l.query.apiKey === undefined)).toBe(true);
  });
});
