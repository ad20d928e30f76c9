import { nearestExpirations } from '@marketfleet/market';
import { type FakeTradier, type FakeTradierOptions, rejection, startFakeTradier } from '@marketfleet/testing';
import { ProviderAuthError, ProviderUnavailableError } from '../errors';
import { createSimOptionChainProvider } from '../sim/sim-option-provider';
import { simMarket } from '../sim/sim-market';
import type { OptionSnapshot } from '../types';
import { createTradierOptionChainProvider, type TradierOptionChainProviderOptions } from './option-chain-provider';

const market = simMarket(11);
const NOW = new Date('2024-06-12T21:00:00Z');
const now = () => NOW;
const REQ = { underlying: 'AAPL', expirations: 3, asOf: '2024-06-12' };
const FIRST = nearestExpirations('2024-06-12', 1)[0]!.date;
const yymmdd = FIRST.slice(2).replaceAll('-', '');

let fake: FakeTradier;
async function start(opts: FakeTradierOptions = {}) {
  fake = await startFakeTradier({ seed: 11, market, now, ...opts });
}
afterEach(() => fake?.close());

let gated = 0;
const provider = (o: Partial<TradierOptionChainProviderOptions> = {}) => {
  gated = 0;
  return createTradierOptionChainProvider({
    apiUrl: fake.url,
    token: 'test-token',
    sleep: async () => {},
    hooks: {
      beforeRequest: async () => {
        gated++;
      },
    },
    ...o,
  });
};
const sim = () => createSimOptionChainProvider({ market, now }).fetchChain(REQ);
// Tradier carries everything the sim priced, open interest and sizes included.
const strip = ({ bidSize: _b, askSize: _a, ...s }: OptionSnapshot) => s;

describe('Tradier option chains against the fake', () => {
  it('reads the expirations, then one chain with greeks per expiration: the sim’s chain', async () => {
    await start();
    const got = await provider().fetchChain(REQ);
    const want = await sim();
    expect(got.snapshots.map(strip)).toEqual(want.snapshots);
    expect(got.snapshots[0]!.bidSize).toBeGreaterThan(0);
    expect(got).toMatchObject({ provider: 'tradier', underlying: 'AAPL', quarantined: [], requests: 4 });
    expect(gated).toBe(4);
    expect(fake.stats.log.map((l) => [l.path, l.query])).toEqual([
      ['/v1/markets/options/expirations', { symbol: 'AAPL', includeAllRoots: 'true' }],
      ...nearestExpirations('2024-06-12', 3).map((e) => ['/v1/markets/options/chains', { symbol: 'AAPL', expiration: e.date, greeks: 'true' }]),
    ]);
  });

  it('keeps adjusted roots and quarantines crossed, negative and non-numeric rows and bad symbols', async () => {
    const chain = await sim();
    const [crossed, negative, text] = chain.snapshots.filter((s) => s.expiry === FIRST).map((s) => s.contract);
    const adjusted = `AAPL1${yymmdd}C00012500`;
    await start({
      optionRowOverrides: {
        [adjusted]: { bid: 0.5, ask: 0.6, open_interest: 12, volume: 0, root_symbol: 'AAPL1', greeks: null },
        [crossed!]: { bid: 1.5, ask: 1.2 },
        [negative!]: { open_interest: -3 },
        [text!]: { ask: 'n/a' },
        [`AAPL${yymmdd}C00000000`]: { bid: 1, ask: 2, expiration_date: FIRST },
        'NOT-AN-OCC': { bid: 1, ask: 2, expiration_date: FIRST },
      },
    });
    const got = await provider().fetchChain(REQ);
    expect(got.snapshots.find((s) => s.contract === adjusted)).toEqual({
      contract: adjusted,
      underlying: 'AAPL',
      root: 'AAPL1',
      expiry: FIRST,
      strike: 12.5,
      side: 'call',
      bid: 0.5,
      ask: 0.6,
      openInterest: 12,
      volume: 0,
    });
    expect(Object.fromEntries(got.quarantined.map((q) => [q.contract, q.reason]))).toEqual({
      [crossed!]: 'crossed quote: bid 1.5 > ask 1.2',
      [negative!]: 'negative openInterest: -3',
      [text!]: 'ask is not a finite number: "n/a"',
      [`AAPL${yymmdd}C00000000`]: expect.stringMatching(/^malformed OCC symbol: strike must be positive/),
      'NOT-AN-OCC': expect.stringMatching(/^malformed OCC symbol: /),
    });
    expect(got.snapshots).toHaveLength(chain.snapshots.length - 3 + 1);
  });

  it('retries a 503, and fails for good on a bad token', async () => {
    await start({ faults: [{ type: 'status', status: 503 }] });
    const got = await provider().fetchChain(REQ);
    expect(got.snapshots.length).toBe((await sim()).snapshots.length);
    expect(got.requests).toBe(5);
    const err = await rejection(provider({ token: 'wrong' }).fetchChain(REQ));
    expect(err).toBeInstanceOf(ProviderAuthError);
    fake.configure({ faults: Array.from({ length: 5 }, () => ({ type: 'status' as const, status: 500 })) });
    expect(await rejection(provider().fetchChain(REQ))).toBeInstanceOf(ProviderUnavailableError);
  });
});
