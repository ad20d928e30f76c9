import { nyWallTime } from '@marketfleet/market';
import {
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderResponseError,
  ProviderUnavailableError,
} from '../errors';
import { createPolygonProvider } from '../polygon/polygon-provider';
import { simMarket } from '../sim/sim-market';
import { type FakeCommonOptions, type FakeServer, rejection, startFakePolygon, startFakeTradier, startFakeYahoo } from '@marketfleet/testing';
import { createTradierProvider } from '../tradier/tradier-provider';
import type { MarketDataProvider, ResponseInfo } from '../types';
import { createYahooProvider } from '../yahoo/yahoo-provider';
import type { HttpProviderOptions } from './per-symbol-provider';

// The failure semantics every HTTP provider shares with Alpaca's, run against each fake.
const market = simMarket(3);
const now = () => new Date('2024-07-20T00:00:00Z');
const DAY = { symbols: ['AAPL'], timeframes: ['m15' as const], from: nyWallTime('2024-07-01', '09:30'), to: nyWallTime('2024-07-01', '16:00') };

interface Case {
  start(o: FakeCommonOptions): Promise<FakeServer<FakeCommonOptions>>;
  provider(url: string, o: HttpProviderOptions): MarketDataProvider;
}

const CASES: Record<string, Case> = {
  polygon: {
    start: (o) => startFakePolygon({ market, now, ...o }),
    provider: (url, o) => createPolygonProvider({ apiUrl: url, apiKey: 'test-key', ...o }),
  },
  yahoo: {
    start: (o) => startFakeYahoo({ market, now, ...o }),
    provider: (url, o) => createYahooProvider({ apiUrl: url, ...o }),
  },
  tradier: {
    start: (o) => startFakeTradier({ market, now, ...o }),
    provider: (url, o) => createTradierProvider({ apiUrl: url, token: 'test-token', ...o }),
  },
};

describe.each(Object.keys(CASES))('%s provider: errors and retries', (name) => {
  const c = CASES[name]!;
  let fake: FakeServer<FakeCommonOptions>;
  let sleeps: number[];
  let statuses: ResponseInfo['status'][];
  afterEach(() => fake?.close());

  async function start(o: FakeCommonOptions = {}) {
    fake = await c.start(o);
  }
  function provider(o: HttpProviderOptions = {}) {
    sleeps = [];
    statuses = [];
    return c.provider(fake.url, {
      now,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      hooks: { onResponse: (i) => statuses.push(i.status) },
      ...o,
    });
  }

  it.each([401, 403])('treats an injected %i as fatal, with the server message', async (status) => {
    await start({ faults: [{ type: 'status', status, message: 'no entry' }] });
    const err = await rejection(provider().fetchBars(DAY));
    expect(err).toBeInstanceOf(ProviderAuthError);
    expect(err).toMatchObject({ message: 'no entry', status, retryable: false, provider: name });
    expect(fake.stats.requests).toBe(1);
  });

  it.each([400, 422])('does not retry a %i', async (status) => {
    await start({ faults: [{ type: 'status', status, message: 'bad request, really' }] });
    const err = await rejection(provider().fetchBars(DAY));
    expect(err).toBeInstanceOf(ProviderRequestError);
    expect(err).toMatchObject({ status, retryable: false, message: 'bad request, really' });
    expect(fake.stats.requests).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('retries 500/503 with growing backoff, then succeeds', async () => {
    await start({ faults: [{ type: 'status', status: 500 }, { type: 'status', status: 503 }, { type: 'status', status: 500 }] });
    const got = await provider({ retryBaseDelayMs: 1000 }).fetchBars(DAY);
    expect(got.series[0]!.bars).toHaveLength(26);
    expect(statuses).toEqual([500, 503, 500, 200]);
    expect(got.requests).toBe(4);
    sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(1000 * 2 ** i));
  });

  it('throws ProviderUnavailableError once maxRetries is spent', async () => {
    await start({ errorRate: 1 });
    const err = await rejection(provider({ maxRetries: 2 }).fetchBars(DAY));
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect(err.message).toMatch(/after 3 attempts/);
    expect(fake.stats.requests).toBe(3);
  });

  it('times out a hung request, and retries a dropped connection', async () => {
    await start({ faults: [{ type: 'hang' }, { type: 'reset' }] });
    const got = await provider({ timeoutMs: 300 }).fetchBars(DAY);
    expect(got.series[0]!.bars).toHaveLength(26);
    expect(statuses).toEqual(['timeout', 'network', 200]);
  });

  it('retries a truncated body, and reports ProviderResponseError when it never heals', async () => {
    await start({ faults: [{ type: 'truncate' }] });
    expect((await provider().fetchBars(DAY)).series[0]!.bars).toHaveLength(26);
    expect(statuses).toEqual([200, 200]);
    fake.configure({ faults: Array.from({ length: 3 }, () => ({ type: 'truncate' as const })) });
    const err = await rejection(provider({ maxRetries: 2 }).fetchBars(DAY));
    expect(err).toBeInstanceOf(ProviderResponseError);
    expect(err).toMatchObject({ retryable: true });
  });

  it('waits out 429s within the budget without spending retries, then gives up with a retryAt', async () => {
    await start({ requestsPerMinute: 1 });
    await provider().fetchBars(DAY); // spends the window
    const p = provider({
      maxRetries: 0,
      sleep: async (ms) => {
        sleeps.push(ms);
        fake.resetRateLimits(); // the window "passes" during the injected sleep
      },
    });
    const got = await p.fetchBars(DAY);
    expect(got.series[0]!.bars).toHaveLength(26);
    expect(statuses).toEqual([429, 200]);
    expect(sleeps).toHaveLength(1);
    const err = await rejection(provider({ rateLimitBudgetMs: 0 }).fetchBars(DAY));
    expect(err).toBeInstanceOf(ProviderRateLimitError);
    expect((err as ProviderRateLimitError).retryAt.getTime()).toBeGreaterThanOrEqual(Date.now() - 1000);
    expect(err).toMatchObject({ retryable: true });
  });

  it('calls beforeRequest before and onResponse after every HTTP request, retries included', async () => {
    await start({ faults: [{ type: 'status', status: 502 }] });
    const events: string[] = [];
    const p = provider({
      hooks: {
        beforeRequest: async (who) => {
          events.push(`before:${who}`);
        },
        onResponse: (i) => events.push(`after:${i.provider}:${i.status}`),
      },
    });
    const got = await p.fetchBars({ ...DAY, symbols: ['AAPL', 'MSFT'] });
    expect(events).toEqual([`before:${name}`, `after:${name}:502`, `before:${name}`, `after:${name}:200`, `before:${name}`, `after:${name}:200`]);
    expect(got.requests).toBe(3);
  });

  it('stops at once when the caller aborts', async () => {
    await start({ faults: [{ type: 'hang' }] });
    const ctl = new AbortController();
    const pending = provider().fetchBars({ ...DAY, signal: ctl.signal });
    // Abort once the request hangs at the server (not on a timer a busy machine may beat).
    while (fake.stats.requests === 0) await new Promise((r) => setTimeout(r, 5));
    ctl.abort();
    expect((await rejection(pending)).name).toBe('AbortError');
    expect(fake.stats.requests).toBe(1);
  });
});
