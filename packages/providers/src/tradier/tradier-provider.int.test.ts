import { type Bar, nyWallTime, type Timeframe } from '@marketfleet/market';
import { ProviderAuthError } from '../errors';
import { simMarket } from '../sim/sim-market';
import { createSimProvider } from '../sim/sim-provider';
import { type FakeTradier, type FakeTradierOptions, startFakeTradier } from '@marketfleet/testing';
import type { BarsResult } from '../types';
import { createTradierProvider, type TradierProviderOptions } from './tradier-provider';

const market = simMarket(11);
const now = () => new Date('2024-07-20T00:00:00Z');
const sim = createSimProvider({ market, now });
const midnight = (date: string) => nyWallTime(date, '00:00');
const bars = (r: BarsResult, symbol: string, tf: Timeframe): Bar[] => r.series.find((s) => s.symbol === symbol && s.timeframe === tf)!.bars;
// Tradier sends vwap but no trade count.
const noCount = (bs: Bar[]) => bs.map((b) => ({ ...b, tradeCount: null }));
const JULY = { from: midnight('2024-07-01'), to: midnight('2024-07-13') };

let fake: FakeTradier;
async function start(opts: FakeTradierOptions = {}) {
  fake = await startFakeTradier({ seed: 11, market, now, ...opts });
}
afterEach(() => fake?.close());

const provider = (o: Partial<TradierProviderOptions> = {}) =>
  createTradierProvider({ apiUrl: fake.url, token: 'test-token', now, sleep: async () => {}, ...o });

describe('Tradier provider against the fake server', () => {
  it('serves all five timeframes from 15min timesales and daily history, consistent with the sim', async () => {
    await start();
    const tfs: Timeframe[] = ['m15', 'h1', 'h4', 'd1', 'w1'];
    const req = { symbols: ['AAPL', 'MSFT'], timeframes: tfs, ...JULY };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    for (const s of ['AAPL', 'MSFT']) {
      expect(bars(got, s, 'm15')).toEqual(noCount(bars(want, s, 'm15')));
      for (const tf of ['h1', 'h4', 'd1', 'w1'] as const) {
        const w = bars(want, s, tf);
        expect(bars(got, s, tf).map((b) => ({ ...b, vwap: null }))).toEqual(w.map((b) => ({ ...b, vwap: null, tradeCount: null })));
      }
    }
    expect(got.requests).toBe(4);
    expect(got.quarantined).toEqual([]);
  });

  it('sends New York local minutes, the regular session filter, and a Bearer token asking for JSON', async () => {
    await start();
    await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['h4', 'd1'], from: new Date('2024-01-02T14:30:00Z'), to: new Date('2024-01-03T21:00:00Z') });
    expect(fake.stats.log.map((l) => [l.path, l.query])).toEqual([
      ['/v1/markets/timesales', { symbol: 'AAPL', interval: '15min', start: '2024-01-02 09:30', end: '2024-01-03 15:59', session_filter: 'open' }],
      ['/v1/markets/history', { symbol: 'AAPL', interval: 'daily', start: '2024-01-02', end: '2024-01-03', session_filter: 'open' }],
    ]);
  });

  it('takes a single row as a one-bar series, and `series: null` / `history: null` as empty', async () => {
    await start();
    const one = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['m15'], from: nyWallTime('2024-07-01', '09:30'), to: nyWallTime('2024-07-01', '09:45') });
    expect(bars(one, 'AAPL', 'm15')).toHaveLength(1);
    const old = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['m15'], from: midnight('2024-05-01'), to: midnight('2024-05-04') });
    expect(old.series[0]!.bars).toEqual([]); // beyond the 40 days of timesales kept
    const later = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['d1'], from: midnight('2024-08-05'), to: midnight('2024-08-10') });
    expect(later.series[0]!.bars).toEqual([]);
    expect(later.requests).toBe(1);
  });

  it('quarantines a bad row and the aggregates it feeds; extended hours never arrive with session_filter=open', async () => {
    await start({
      patches: [
        { endpoint: 'timesales', symbol: 'AAPL', index: 1, field: 'volume', value: -5 },
        { endpoint: 'timesales', symbol: 'AAPL', index: 4, field: 'time', value: '2024-07-01T10:37:00' },
        { endpoint: 'history', symbol: 'AAPL', index: 0, field: 'open', value: null },
      ],
    });
    const got = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'h1', 'd1'], from: midnight('2024-07-01'), to: midnight('2024-07-02') });
    expect(got.quarantined.map((q) => [q.timeframe, q.ts?.toISOString(), q.reason])).toEqual([
      ['m15', '2024-07-01T13:45:00.000Z', 'volume < 0'],
      ['m15', '2024-07-01T14:37:00.000Z', 'misaligned: not on the 15-minute grid from the session open'],
      ['h1', '2024-07-01T13:30:00.000Z', 'an input bar was quarantined: volume < 0'],
      ['h1', '2024-07-01T14:30:00.000Z', 'an input bar was quarantined: misaligned: not on the 15-minute grid from the session open'],
      ['d1', '2024-07-01T13:30:00.000Z', 'open is null'],
    ]);
    expect(got.droppedOutsideSession).toBe(0);
    expect(bars(got, 'AAPL', 'm15')).toHaveLength(24);
    expect(bars(got, 'AAPL', 'h1')).toHaveLength(5);
    expect(bars(got, 'AAPL', 'd1')).toEqual([]);
  });

  it('drops extended-hours rows that arrive anyway, and counts them', async () => {
    await start({ leakExtendedHours: true });
    const req = { symbols: ['AAPL'], timeframes: ['m15' as const], ...JULY };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    expect(bars(got, 'AAPL', 'm15')).toEqual(noCount(bars(want, 'AAPL', 'm15')));
    expect(got.droppedOutsideSession).toBeGreaterThan(0);
  });

  it('refuses a wrong token with Tradier’s plain-text 401, once', async () => {
    await start();
    const err = await provider({ token: 'expired' }).fetchBars({ symbols: ['AAPL'], timeframes: ['d1'], ...JULY }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderAuthError);
    expect(err).toMatchObject({ status: 401, message: 'Invalid Access Token', provider: 'tradier' });
    expect(fake.stats.requests).toBe(1);
  });

  it('waits for X-Ratelimit-Expiry on a 429', async () => {
    await start({ requestsPerMinute: 1 });
    const sleeps: number[] = [];
    const p = provider({
      sleep: async (ms) => {
        sleeps.push(ms);
        fake.resetRateLimits();
      },
    });
    const before = Date.now();
    const got = await p.fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'd1'], ...JULY });
    expect(got.requests).toBe(3);
    expect(fake.stats.log.map((l) => l.status)).toEqual([200, 429, 200]);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(55_000);
    expect(sleeps[0]).toBeLessThanOrEqual(60_250 + (Date.now() - before));
  });
});
