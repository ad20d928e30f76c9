import { type Bar, nyWallTime, type Timeframe } from '@marketfleet/market';
import { simMarket } from '../sim/sim-market';
import { createSimProvider } from '../sim/sim-provider';
import { type FakeYahoo, type FakeYahooOptions, startFakeYahoo } from '@marketfleet/testing';
import type { BarsResult } from '../types';
import { createYahooProvider, type YahooProviderOptions } from './yahoo-provider';

const market = simMarket(11);
const now = () => new Date('2024-07-20T00:00:00Z');
const sim = createSimProvider({ market, now });
const midnight = (date: string) => nyWallTime(date, '00:00');
const bars = (r: BarsResult, symbol: string, tf: Timeframe): Bar[] => r.series.find((s) => s.symbol === symbol && s.timeframe === tf)!.bars;
// Yahoo sends neither vwap nor trade counts.
const bare = (bs: Bar[]) => bs.map((b) => ({ ...b, vwap: null, tradeCount: null }));
const JULY = { from: midnight('2024-07-01'), to: midnight('2024-07-13') };
const seconds = (d: Date) => String(d.getTime() / 1000);

let fake: FakeYahoo;
async function start(opts: FakeYahooOptions = {}) {
  fake = await startFakeYahoo({ seed: 11, market, now, ...opts });
}
afterEach(() => fake?.close());

const provider = (o: Partial<YahooProviderOptions> = {}) => createYahooProvider({ apiUrl: fake.url, now, sleep: async () => {}, ...o });

describe('Yahoo provider against the fake server', () => {
  it('serves all five timeframes consistent with the sim, one request per symbol and source', async () => {
    await start();
    const tfs: Timeframe[] = ['m15', 'h1', 'h4', 'd1', 'w1'];
    const req = { symbols: ['AAPL', 'MSFT'], timeframes: tfs, ...JULY };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    for (const s of ['AAPL', 'MSFT']) for (const tf of tfs) expect(bars(got, s, tf)).toEqual(bare(bars(want, s, tf)));
    expect(got.requests).toBe(4);
    expect(got.quarantined).toEqual([]);
    expect(got.rejectedSymbols).toEqual([]);
  });

  it('asks for 15m (or 30m without m15) and 1d over epoch seconds, without pre/post market', async () => {
    await start();
    const from = new Date('2024-07-01T13:30:00Z');
    const to = new Date('2024-07-02T20:00:00Z');
    await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'h1'], from, to });
    await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['h4', 'd1'], from, to });
    expect(fake.stats.log.map((l) => [l.path, l.query])).toEqual([
      ['/v8/finance/chart/AAPL', { period1: seconds(from), period2: seconds(to), interval: '15m', includePrePost: 'false' }],
      ['/v8/finance/chart/AAPL', { period1: seconds(from), period2: seconds(to), interval: '30m', includePrePost: 'false' }],
      ['/v8/finance/chart/AAPL', { period1: seconds(midnight('2024-07-01')), period2: seconds(midnight('2024-07-03')), interval: '1d', includePrePost: 'false' }],
    ]);
  });

  it('re-keys days stamped at the open to the session and builds w1, across DST', async () => {
    await start();
    const req = { symbols: ['AAPL'], timeframes: ['d1' as const, 'w1' as const], from: midnight('2023-12-18'), to: midnight('2024-07-13') };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    expect(bars(got, 'AAPL', 'd1')).toEqual(bare(bars(want, 'AAPL', 'd1')));
    expect(bars(got, 'AAPL', 'w1')).toEqual(bare(bars(want, 'AAPL', 'w1')));
  });

  it('drops extended-hours bars that arrive anyway, and counts them', async () => {
    await start({ leakExtendedHours: true });
    const req = { symbols: ['AAPL'], timeframes: ['m15' as const], ...JULY };
    const [got, want] = await Promise.all([provider().fetchBars(req), sim.fetchBars(req)]);
    expect(bars(got, 'AAPL', 'm15')).toEqual(bare(bars(want, 'AAPL', 'm15')));
    expect(got.droppedOutsideSession).toBeGreaterThan(0);
  });

  it('skips all-null slots silently, quarantines partly null ones and the hours they feed', async () => {
    await start({
      nullSlots: [{ symbol: 'AAPL', index: 3 }],
      patches: [
        { symbol: 'AAPL', index: 9, field: 'low', value: null },
        { symbol: 'AAPL', index: 12, field: 'high', value: 1 },
      ],
    });
    const got = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'h1'], from: midnight('2024-07-01'), to: midnight('2024-07-02') });
    expect(got.quarantined.map((q) => [q.timeframe, q.ts!.toISOString(), q.reason])).toEqual([
      ['m15', '2024-07-01T15:45:00.000Z', 'low is null'],
      ['m15', '2024-07-01T16:30:00.000Z', 'high < low'],
      ['h1', '2024-07-01T15:30:00.000Z', 'an input bar was quarantined: low is null'],
      ['h1', '2024-07-01T16:30:00.000Z', 'an input bar was quarantined: high < low'],
    ]);
    expect(bars(got, 'AAPL', 'm15')).toHaveLength(23);
    expect(bars(got, 'AAPL', 'm15').map((b) => b.ts.toISOString())).not.toContain('2024-07-01T14:15:00.000Z');
    // The skipped slot leaves a short h1 bar, as a provider's missing bar would: gap detection's job.
    expect(bars(got, 'AAPL', 'h1')).toHaveLength(5);
  });

  it('reports an unknown symbol (404) as rejected and carries on with the others, without retrying', async () => {
    await start({ unknownSymbols: ['GONE'] });
    const got = await provider().fetchBars({ symbols: ['AAPL', 'GONE', 'MSFT'], timeframes: ['m15', 'd1'], ...JULY });
    expect(got.rejectedSymbols).toEqual([{ symbol: 'GONE', reason: 'No data found, symbol may be delisted' }]);
    expect(got.series.filter((s) => s.symbol === 'GONE').every((s) => s.bars.length === 0)).toBe(true);
    expect(bars(got, 'MSFT', 'd1')).toHaveLength(9);
    expect(fake.stats.log.filter((l) => l.path.endsWith('/GONE'))).toHaveLength(1);
  });

  it('leaves out sessions beyond the intraday limit, and reads a 422 for the range as an empty answer', async () => {
    await start();
    const late = () => new Date('2024-09-05T00:00:00Z'); // 2024-07-08 is within 59 days, 2024-07-05 is not
    const req = { symbols: ['AAPL'], timeframes: ['m15' as const, 'd1' as const], ...JULY };
    const got = await provider({ now: late }).fetchBars(req);
    expect(bars(got, 'AAPL', 'm15')[0]!.ts.toISOString()).toBe('2024-07-08T13:30:00.000Z');
    expect(fake.stats.log[0]!.query.period1).toBe(seconds(nyWallTime('2024-07-08', '09:30')));
    expect(bars(got, 'AAPL', 'd1')).toHaveLength(9); // daily history is not limited
    fake.resetStats();
    expect((await provider({ now: () => new Date('2024-12-01T00:00:00Z') }).fetchBars(req)).requests).toBe(1); // d1 only
    fake.resetStats();
    fake.configure({ intradayLimitDays: 5 });
    const refused = await provider().fetchBars({ ...req, timeframes: ['m15'] });
    expect(refused.series[0]!.bars).toEqual([]);
    expect(refused.rejectedSymbols).toEqual([]);
    expect(fake.stats.log.map((l) => l.status)).toEqual([422]);
  });

  it('makes no request for a range without sessions', async () => {
    await start();
    const got = await provider().fetchBars({ symbols: ['AAPL'], timeframes: ['m15', 'w1'], from: midnight('2024-07-06'), to: midnight('2024-07-08') });
    expect(got.requests).toBe(0);
    expect(fake.stats.requests).toBe(0);
  });
});
