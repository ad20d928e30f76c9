import { type FakeAlpaca, type FakeTradier, startFakeAlpaca, startFakeTradier } from '@marketfleet/testing';
import { createOptionChainProvider } from '../create-provider';
import { ProviderEnv, providerConfig } from '../env';
import { createSimOptionChainProvider } from '../sim/sim-option-provider';
import { simMarket } from '../sim/sim-market';
import type { OptionSnapshot } from '../types';

const market = simMarket(7);
const NOW = new Date('2024-06-12T21:00:00Z');
const now = () => NOW;
const sleep = async () => {};
const REQ = { underlying: 'MSFT', expirations: 2, asOf: '2024-06-12' };
const contracts = (xs: OptionSnapshot[]) => xs.map((s) => [s.contract, s.bid, s.ask]);

let alpaca: FakeAlpaca;
let tradier: FakeTradier;
let gated: Record<string, number>;
beforeEach(async () => {
  [alpaca, tradier] = await Promise.all([startFakeAlpaca({ seed: 7, market, now }), startFakeTradier({ seed: 7, market, now })]);
  gated = {};
});
afterEach(() => Promise.all([alpaca.close(), tradier.close()]));

/** The chain provider exactly as a worker builds it: from the environment, with the fleet's quota hook. */
function fromEnv(extra: Record<string, string> = {}) {
  const env = ProviderEnv.parse({
    MARKET_DATA_PROVIDER: 'alpaca,tradier',
    ALPACA_DATA_URL: alpaca.url,
    ALPACA_KEY_ID: 'test-key',
    ALPACA_SECRET_KEY: 'test-secret',
    TRADIER_API_URL: tradier.url,
    TRADIER_TOKEN: 'test-token',
    ...extra,
  });
  const config = providerConfig(env, {
    beforeRequest: async (p) => {
      gated[p] = (gated[p] ?? 0) + 1;
    },
  });
  return createOptionChainProvider({ ...config, alpaca: { ...config.alpaca!, sleep }, tradier: { ...config.tradier!, sleep } });
}

describe('option chains through the factory', () => {
  it('answer from Alpaca when it is up', async () => {
    const got = await fromEnv().fetchChain(REQ);
    expect(got.provider).toBe('alpaca');
    expect(got.attempts).toEqual([]);
    expect(contracts(got.snapshots)).toEqual(contracts((await createSimOptionChainProvider({ market, now }).fetchChain(REQ)).snapshots));
    expect(gated).toEqual({ alpaca: 1 });
  });

  it('fall back to Tradier when Alpaca is down, every attempt of both through the quota gate', async () => {
    alpaca.configure({ faults: Array.from({ length: 5 }, () => ({ type: 'status' as const, status: 503 })) });
    const got = await fromEnv().fetchChain(REQ);
    expect(got.provider).toBe('tradier');
    expect(got.attempts).toEqual([{ provider: 'alpaca', error: 'ProviderUnavailableError: HTTP 503: internal server error (after 5 attempts)' }]);
    expect(contracts(got.snapshots)).toEqual(contracts((await createSimOptionChainProvider({ market, now }).fetchChain(REQ)).snapshots));
    expect(gated).toEqual({ alpaca: 5, tradier: 3 });
  });

  it('skip Alpaca after an auth failure until the cool-down ends', async () => {
    const chains = fromEnv({ ALPACA_KEY_ID: 'revoked' });
    expect((await chains.fetchChain(REQ)).provider).toBe('tradier');
    const second = await chains.fetchChain(REQ);
    expect(second.provider).toBe('tradier');
    expect(second.attempts![0]!.error).toMatch(/^skipped until .* after ProviderAuthError: forbidden\.$/);
    expect(alpaca.stats.requests).toBe(1);
  });
});
