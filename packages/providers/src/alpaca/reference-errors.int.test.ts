import {
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderResponseError,
  ProviderUnavailableError,
} from '../errors';
import { simMarket } from '../sim/sim-market';
import { type FakeAlpaca, type FakeAlpacaOptions, rejection, startFakeAlpaca } from '@marketfleet/testing';
import type { ReferenceDataProvider, ResponseInfo } from '../types';
import { createAlpacaReferenceProvider, type AlpacaReferenceProviderOptions } from './reference-provider';

// The failure semantics of the bar providers, for both reference calls.
const market = simMarket(7);
const now = () => new Date('2024-07-20T16:00:00Z');

const CALLS: Record<string, { run(p: ReferenceDataProvider, signal?: AbortSignal): Promise<unknown[]>; expected: number }> = {
  calendar: { run: (p, signal) => p.getCalendar('2024-07-01', '2024-07-05', signal), expected: 4 },
  'corporate actions': {
    run: (p, signal) => p.getCorporateActions({ symbols: ['T25'], from: '2021-09-02', to: '2021-09-02', signal }),
    expected: 1,
  },
};

describe.each(Object.keys(CALLS))('Alpaca reference provider, %s: errors and retries', (name) => {
  const call = CALLS[name]!;
  let fake: FakeAlpaca;
  let sleeps: number[];
  let statuses: ResponseInfo['status'][];
  afterEach(() => fake?.close());

  async function start(o: FakeAlpacaOptions = {}) {
    fake = await startFakeAlpaca({ seed: 7, market, now, ...o });
  }
  function provider(o: Partial<AlpacaReferenceProviderOptions> = {}) {
    sleeps = [];
    statuses = [];
    return createAlpacaReferenceProvider({
      dataUrl: fake.url,
      tradingUrl: fake.url,
      keyId: 'test-key',
      secret: 'test-secret',
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      hooks: { onResponse: (i) => statuses.push(i.status) },
      ...o,
    });
  }
  // Calendar days, or the one split (dividends vary with the window the client widens to).
  const answer = async (p: ReferenceDataProvider) => (await call.run(p)).filter((x) => (x as { type?: string }).type !== 'cash_dividend');

  it('treats 403 and 401 as fatal, with the server message and no secret in it', async () => {
    await start();
    const err = await rejection(call.run(provider({ secret: 'wrong' })));
    expect(err).toBeInstanceOf(ProviderAuthError);
    expect(err).toMatchObject({ message: 'forbidden.', status: 403, retryable: false, provider: 'alpaca' });
    expect(err.message).not.toContain('wrong');
    fake.configure({ authMode: 'unauthorized' });
    expect(await rejection(call.run(provider()))).toMatchObject({ message: 'request is not authorized', status: 401 });
    expect(fake.stats.requests).toBe(2);
  });

  it.each([400, 422])('does not retry a %i, keeping its message', async (status) => {
    await start({ faults: [{ type: 'status', status, message: 'unexpected query parameter(s): x' }] });
    const err = await rejection(call.run(provider()));
    expect(err).toBeInstanceOf(ProviderRequestError);
    expect(err).toMatchObject({ status, retryable: false, message: 'unexpected query parameter(s): x' });
    expect(fake.stats.requests).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('retries 500/503 with growing jittered backoff, then succeeds', async () => {
    await start({ faults: [{ type: 'status', status: 500 }, { type: 'status', status: 503 }, { type: 'status', status: 500 }] });
    expect(await answer(provider({ retryBaseDelayMs: 1000 }))).toHaveLength(call.expected);
    expect(statuses).toEqual([500, 503, 500, 200]);
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(1000 * 2 ** i));
  });

  it('throws ProviderUnavailableError once maxRetries is spent', async () => {
    await start({ errorRate: 1 });
    const err = await rejection(call.run(provider({ maxRetries: 2 })));
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect(err).toMatchObject({ retryable: true });
    expect(err.message).toMatch(/after 3 attempts/);
    expect(fake.stats.requests).toBe(3);
  });

  it('times out a hung request, and retries a dropped connection', async () => {
    await start({ faults: [{ type: 'hang' }, { type: 'reset' }] });
    expect(await answer(provider({ timeoutMs: 300 }))).toHaveLength(call.expected);
    expect(statuses).toEqual(['timeout', 'network', 200]);
  });

  it('retries a truncated body, and reports ProviderResponseError when it never heals', async () => {
    await start({ faults: [{ type: 'truncate' }] });
    expect(await answer(provider())).toHaveLength(call.expected);
    expect(statuses).toEqual([200, 200]);
    fake.configure({ faults: Array.from({ length: 3 }, () => ({ type: 'truncate' as const })) });
    const err = await rejection(call.run(provider({ maxRetries: 2 })));
    expect(err).toBeInstanceOf(ProviderResponseError);
    expect(err).toMatchObject({ retryable: true });
  });

  it('waits out a 429 until X-RateLimit-Reset without spending retries, and gives up past the budget', async () => {
    await start({ requestsPerMinute: 1 });
    await call.run(provider()); // spends the window
    const before = Date.now();
    const p = provider({
      maxRetries: 0,
      sleep: async (ms) => {
        sleeps.push(ms);
        fake.resetRateLimits(); // the window "passes" during the injected sleep
      },
    });
    expect(await answer(p)).toHaveLength(call.expected);
    expect(statuses).toEqual([429, 200]);
    expect(sleeps).toHaveLength(1);
    // Reset is a whole epoch second up to 60 s ahead, plus at most 250 ms of jitter.
    expect(sleeps[0]).toBeGreaterThan(50_000);
    expect(sleeps[0]).toBeLessThanOrEqual(61_250 + (Date.now() - before));
    const err = await rejection(call.run(provider({ rateLimitBudgetMs: 10_000 })));
    expect(err).toBeInstanceOf(ProviderRateLimitError);
    expect((err as ProviderRateLimitError).retryAt.getTime()).toBeGreaterThan(Date.now() + 40_000);
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
        onResponse: (i) => events.push(`after:${i.provider}:${i.status}:${i.requestId ? 'id' : 'no-id'}`),
      },
    });
    await call.run(p);
    expect(events).toEqual(['before:alpaca', 'after:alpaca:502:id', 'before:alpaca', 'after:alpaca:200:id']);
  });

  it('stops at once when the caller aborts', async () => {
    await start({ faults: [{ type: 'hang' }] });
    const ctl = new AbortController();
    const pending = call.run(provider(), ctl.signal);
    // Abort once the request hangs at the server (not on a timer a busy machine may beat).
    while (fake.stats.requests === 0) await new Promise((r) => setTimeout(r, 5));
    ctl.abort();
    expect((await rejection(pending)).name).toBe('AbortError');
    expect(fake.stats.requests).toBe(1);
  });
});

describe('Alpaca reference provider: hooks across pages', () => {
  it('passes every page through the quota gate', async () => {
    const fake = await startFakeAlpaca({ seed: 7, market, now, maxPageSize: 2 });
    try {
      let gated = 0;
      const p = createAlpacaReferenceProvider({
        dataUrl: fake.url,
        tradingUrl: fake.url,
        keyId: 'test-key',
        secret: 'test-secret',
        hooks: {
          beforeRequest: async () => {
            gated++;
          },
        },
      });
      const got = await p.getCorporateActions({ symbols: ['T25', 'AAPL'], from: '2021-01-01', to: '2021-12-31' });
      expect(gated).toBe(fake.stats.requests);
      expect(gated).toBe(Math.ceil(got.length / 2));
      expect(gated).toBeGreaterThan(2);
    } finally {
      await fake.close();
    }
  });
});
