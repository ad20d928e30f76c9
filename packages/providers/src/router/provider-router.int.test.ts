import { nyWallTime } from '@marketfleet/market';
import { createAlpacaProvider } from '../alpaca/alpaca-provider';
import { ProviderRequestError, ProviderUnavailableError } from '../errors';
import { createPolygonProvider } from '../polygon/polygon-provider';
import { simMarket } from '../sim/sim-market';
import { createSimProvider } from '../sim/sim-provider';
import { type FakeAlpaca, type FakePolygon, type FakeTradier, type FakeYahoo, startFakeAlpaca, startFakePolygon, startFakeTradier, startFakeYahoo } from '@marketfleet/testing';
import { createTradierProvider } from '../tradier/tradier-provider';
import type { ProviderHooks } from '../types';
import { createYahooProvider } from '../yahoo/yahoo-provider';
import { createProviderRouter, type FallbackInfo } from './provider-router';

const market = simMarket(7);
const now = () => new Date('2024-07-20T00:00:00Z');
const sleep = async () => {};
const REQ = { symbols: ['AAPL', 'MSFT'], timeframes: ['m15' as const, 'd1' as const], from: nyWallTime('2024-07-01', '00:00'), to: nyWallTime('2024-07-06', '00:00') };

let alpaca: FakeAlpaca;
let polygon: FakePolygon;
let yahoo: FakeYahoo;
let tradier: FakeTradier;
beforeEach(async () => {
  [alpaca, polygon, yahoo, tradier] = await Promise.all([
    startFakeAlpaca({ seed: 7, market, now }),
    startFakePolygon({ seed: 7, market, now }),
    startFakeYahoo({ seed: 7, market, now }),
    startFakeTradier({ seed: 7, market, now }),
  ]);
});
afterEach(() => Promise.all([alpaca, polygon, yahoo, tradier].map((f) => f.close())));

function providers(hooks?: ProviderHooks) {
  const common = { now, sleep, hooks, maxRetries: 1 };
  return [
    createAlpacaProvider({ dataUrl: alpaca.url, keyId: 'test-key', secret: 'test-secret', ...common }),
    createPolygonProvider({ apiUrl: polygon.url, apiKey: 'test-key', rateLimitBudgetMs: 0, ...common }),
    createTradierProvider({ apiUrl: tradier.url, token: 'test-token', ...common }),
    createYahooProvider({ apiUrl: yahoo.url, ...common }),
  ];
}

describe('provider router over the fake servers', () => {
  it('falls back past a 403, an exhausted 429 and repeated 500s to the provider that answers', async () => {
    alpaca.configure({ keyId: 'rotated' });
    polygon.configure({ requestsPerMinute: 0 });
    tradier.configure({ errorRate: 1 });
    const fallbacks: FallbackInfo[] = [];
    const router = createProviderRouter(providers(), { onFallback: (i) => fallbacks.push(i) });
    const [got, want] = await Promise.all([router.fetchBars(REQ), createSimProvider({ market, now }).fetchBars(REQ)]);
    expect(got.provider).toBe('yahoo');
    expect(got.attempts).toEqual([
      { provider: 'alpaca', error: 'ProviderAuthError: forbidden.' },
      { provider: 'polygon', error: expect.stringMatching(/^ProviderRateLimitError: rate limited: You've exceeded the maximum requests per minute/) },
      { provider: 'tradier', error: expect.stringMatching(/^ProviderUnavailableError: HTTP 50[03]: Internal Server Error \(after 2 attempts\)$/) },
    ]);
    expect(fallbacks.map((f) => [f.from, f.to])).toEqual([['alpaca', 'polygon'], ['polygon', 'tradier'], ['tradier', 'yahoo']]);
    expect(got.series.map((s) => s.bars.length)).toEqual(want.series.map((s) => s.bars.length));
    expect(got.series.every((s) => s.bars.length > 0)).toBe(true);
  });

  it('skips a provider with a bad key or spent quota for the cool-down, so the next request costs it nothing', async () => {
    alpaca.configure({ authMode: 'unauthorized' });
    const router = createProviderRouter(providers(), { coolDownMs: 60_000 });
    expect((await router.fetchBars(REQ)).provider).toBe('polygon');
    const again = await router.fetchBars(REQ);
    expect(again.provider).toBe('polygon');
    expect(again.attempts).toEqual([{ provider: 'alpaca', error: expect.stringMatching(/^skipped until .* after ProviderAuthError: request is not authorized$/) }]);
    expect(alpaca.stats.requests).toBe(1);
    expect(polygon.stats.requests).toBe(8); // two symbols × (15-minute + daily), twice
  });

  it('does not fall back on a refused request', async () => {
    alpaca.configure({ refusedSymbols: ['AAPL'] });
    const router = createProviderRouter(providers());
    const err = await router.fetchBars({ ...REQ, symbols: ['AAPL'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderRequestError);
    expect(err).toMatchObject({ provider: 'alpaca', status: 400 });
    expect(polygon.stats.requests + tradier.stats.requests + yahoo.stats.requests).toBe(0);
  });

  it('throws the last failure, with the others attached, when nobody can answer', async () => {
    for (const f of [alpaca, polygon, tradier, yahoo]) f.configure({ errorRate: 1 });
    const events: string[] = [];
    const router = createProviderRouter(providers({ onResponse: (i) => events.push(`${i.provider}:${String(i.status)}`) }));
    const err = (await router.fetchBars(REQ).catch((e: unknown) => e)) as ProviderUnavailableError;
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect(err.provider).toBe('yahoo');
    expect(err.attempts?.map((a) => a.provider)).toEqual(['alpaca', 'polygon', 'tradier']);
    // Every provider's hooks saw its own requests, retries included.
    expect(new Set(events.map((e) => e.split(':')[0]))).toEqual(new Set(['alpaca', 'polygon', 'tradier', 'yahoo']));
    expect(events).toHaveLength(8);
  });
});
