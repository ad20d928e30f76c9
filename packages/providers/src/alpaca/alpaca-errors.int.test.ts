import { nyWallTime } from '@marketfleet/market';
import {
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderResponseError,
  ProviderUnavailableError,
} from '../errors';
import { simMarket } from '../sim/sim-market';
import { type FakeAlpaca, type FakeAlpacaOptions, rejection, startFakeAlpaca } from '@marketfleet/testing';
import type { ResponseInfo } from '../types';
import { createAlpacaProvider, type AlpacaProviderOptions } from './alpaca-provider';

const market = simMarket(3);
const DAY = { timeframes: ['m15' as const], from: nyWallTime('2024-07-01', '09:30'), to: nyWallTime('2024-07-01', '16:00') };

let fake: FakeAlpaca;
let sleeps: number[];
let statuses: ResponseInfo['status'][];
async function start(opts: FakeAlpacaOptions = {}) {
  fake = await startFakeAlpaca({ seed: 3, market, ...opts });
}
afterEach(() => fake?.close());

function provider(opts: Partial<AlpacaProviderOptions> = {}) {
  sleeps = [];
  statuses = [];
  return createAlpacaProvider({
    dataUrl: fake.url,
    keyId: 'test-key',
    secret: 'test-secret',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    hooks: { onResponse: (i) => statuses.push(i.status) },
    ...opts,
  });
}

describe('Alpaca provider errors and retries', () => {
  it('treats 403 as fatal and surfaces the server message', async () => {
    await start();
    const err = await rejection(provider({ keyId: 'wrong' }).fetchBars({ symbols: ['AAPL'], ...DAY }));
    expect(err).toBeInstanceOf(ProviderAuthError);
    expect(err).toMatchObject({ message: 'forbidden.', status: 403, retryable: false, provider: 'alpaca' });
    expect(fake.stats.requests).toBe(1);
    expect(err.message).not.toContain('test-secret');
  });

  it('treats 401 the same', async () => {
    await start({ authMode: 'unauthorized' });
    const err = await rejection(provider().fetchBars({ symbols: ['AAPL'], ...DAY }));
    expect(err).toBeInstanceOf(ProviderAuthError);
    expect(err).toMatchObject({ message: 'request is not authorized', status: 401 });
    expect(fake.stats.requests).toBe(1);
  });

  it('does not retry a 400, and parses the refused symbol', async () => {
    await start({ refusedSymbols: ['BAD'] });
    const err = await rejection(provider().fetchBars({ symbols: ['BAD'], ...DAY }));
    expect(err).toBeInstanceOf(ProviderRequestError);
    expect(err).toMatchObject({ status: 400, invalidSymbol: 'BAD', retryable: false, message: 'invalid symbol: BAD' });
    expect(fake.stats.requests).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry a 422 either, keeping its code', async () => {
    await start({ validationStatus: 422, refusedSymbols: ['BAD'] });
    const err = await rejection(provider().fetchBars({ symbols: ['BAD'], ...DAY }));
    expect(err).toMatchObject({ status: 422, code: 42210000, invalidSymbol: 'BAD' });
    expect(fake.stats.requests).toBe(1);
  });

  it('isolates an invalid symbol in a batch and returns the others', async () => {
    await start({ refusedSymbols: ['BAD', 'WORSE'] });
    const got = await provider().fetchBars({ symbols: ['AAPL', 'BAD', 'MSFT', 'WORSE'], ...DAY });
    expect(got.rejectedSymbols).toEqual([
      { symbol: 'BAD', reason: 'invalid symbol: BAD' },
      { symbol: 'WORSE', reason: 'invalid symbol: WORSE' },
    ]);
    expect(got.series.map((s) => [s.symbol, s.bars.length])).toEqual([
      ['AAPL', 26],
      ['BAD', 0],
      ['MSFT', 26],
      ['WORSE', 0],
    ]);
    expect(fake.stats.log.map((l) => [l.status, l.query.symbols])).toEqual([
      [400, 'AAPL,BAD,MSFT,WORSE'],
      [400, 'AAPL,MSFT,WORSE'],
      [200, 'AAPL,MSFT'],
    ]);
  });

  it('waits out a 429 until X-RateLimit-Reset, without spending retries', async () => {
    await start({ requestsPerMinute: 1, maxPageSize: 10 });
    const p = provider({
      maxRetries: 0,
      sleep: async (ms) => {
        sleeps.push(ms);
        fake.resetRateLimits(); // the window "passes" during the injected sleep
      },
    });
    const before = Date.now();
    const got = await p.fetchBars({ symbols: ['AAPL'], ...DAY });
    expect(got.series[0]!.bars).toHaveLength(26);
    expect(statuses).toEqual([200, 429, 200, 429, 200]);
    expect(got.requests).toBe(5);
    expect(sleeps).toHaveLength(2);
    for (const ms of sleeps) {
      // Reset is a whole epoch second up to 60 s ahead, plus at most 250 ms of jitter.
      expect(ms).toBeGreaterThan(55_000);
      expect(ms).toBeLessThanOrEqual(61_250 + (Date.now() - before));
    }
  });

  it('gives up with ProviderRateLimitError and a retryAt once the wait budget is spent', async () => {
    await start({ requestsPerMinute: 1, maxPageSize: 10 });
    const err = await rejection(provider({ rateLimitBudgetMs: 10_000 }).fetchBars({ symbols: ['AAPL'], ...DAY }));
    expect(err).toBeInstanceOf(ProviderRateLimitError);
    const retryAt = (err as ProviderRateLimitError).retryAt.getTime();
    expect(retryAt).toBeGreaterThan(Date.now() + 50_000);
    expect(retryAt).toBeLessThan(Date.now() + 62_000);
    expect((err as ProviderRateLimitError).retryable).toBe(true);
    expect(sleeps).toEqual([]);
  });

  it('retries 500/503 with growing backoff, then succeeds', async () => {
    await start({ faults: [{ type: 'status', status: 500 }, { type: 'status', status: 503 }, { type: 'status', status: 500 }] });
    const got = await provider({ retryBaseDelayMs: 1000 }).fetchBars({ symbols: ['AAPL'], ...DAY });
    expect(got.series[0]!.bars).toHaveLength(26);
    expect(statuses).toEqual([500, 503, 500, 200]);
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(1000 * 2 ** i));
  });

  it('throws ProviderUnavailableError once maxRetries is spent', async () => {
    await start({ errorRate: 1 });
    const err = await rejection(provider({ maxRetries: 2 }).fetchBars({ symbols: ['AAPL'], ...DAY }));
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect(err).toMatchObject({ retryable: true });
    expect(err.message).toMatch(/after 3 attempts/);
    expect(fake.stats.requests).toBe(3);
  });

  it('times out a hung request and retries it', async () => {
    await start({ faults: [{ type: 'hang' }] });
    const got = await provider({ timeoutMs: 300 }).fetchBars({ symbols: ['AAPL'], ...DAY });
    expect(got.series[0]!.bars).toHaveLength(26);
    expect(statuses).toEqual(['timeout', 200]);
  });

  it('retries a dropped connection as a network error', async () => {
    await start({ faults: [{ type: 'reset' }] });
    const got = await provider().fetchBars({ symbols: ['AAPL'], ...DAY });
    expect(got.series[0]!.bars).toHaveLength(26);
    expect(statuses).toEqual(['network', 200]);
  });

  it('retries a truncated body, and reports ProviderResponseError when it never heals', async () => {
    await start({ faults: [{ type: 'truncate' }] });
    const ok = await provider().fetchBars({ symbols: ['AAPL'], ...DAY });
    expect(ok.series[0]!.bars).toHaveLength(26);
    expect(statuses).toEqual([200, 200]);
    fake.configure({ faults: Array.from({ length: 5 }, () => ({ type: 'truncate' as const })) });
    const err = await rejection(provider({ maxRetries: 4 }).fetchBars({ symbols: ['AAPL'], ...DAY }));
    expect(err).toBeInstanceOf(ProviderResponseError);
    expect(err).toMatchObject({ retryable: true });
    expect(statuses).toHaveLength(5);
  });

  it('stops at once when the caller aborts', async () => {
    await start({ faults: [{ type: 'hang' }] });
    const ctl = new AbortController();
    const pending = provider().fetchBars({ symbols: ['AAPL'], ...DAY, signal: ctl.signal });
    // Abort once the request hangs at the server (not on a timer a busy machine may beat).
    while (fake.stats.requests === 0) await new Promise((r) => setTimeout(r, 5));
    ctl.abort();
    const err = await rejection(pending);
    expect(err.name).toBe('AbortError');
    expect(fake.stats.requests).toBe(1);
  });
});
