import {
  ProviderAuthError,
  type ProviderError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderResponseError,
  ProviderUnavailableError,
} from '../errors';
import type { BarsRequest, BarsResult, MarketDataProvider } from '../types';
import { createProviderRouter, type FallbackInfo } from './provider-router';

const REQ: BarsRequest = { symbols: ['AAPL'], timeframes: ['d1'], from: new Date('2024-07-01T04:00:00Z'), to: new Date('2024-07-02T04:00:00Z') };

/** A provider that answers from a script: an error to throw, or 'ok'. Calls are counted. */
function stub(name: string, script: (ProviderError | Error | 'ok')[]) {
  const p = {
    name,
    calls: 0,
    async fetchBars(): Promise<BarsResult> {
      const step = script[Math.min(p.calls++, script.length - 1)]!;
      if (step !== 'ok') throw step;
      return { provider: name, series: [{ symbol: 'AAPL', timeframe: 'd1', bars: [] }], quarantined: [], requests: 1, droppedOutsideSession: 0 };
    },
  };
  return p satisfies MarketDataProvider;
}

const auth = (p: string) => new ProviderAuthError(p, 'forbidden.', { status: 403 });
const quota = (p: string, retryAt = new Date(Date.now() + 5_000)) => new ProviderRateLimitError(p, 'rate limited: slow down', { retryAt });
const down = (p: string) => new ProviderUnavailableError(p, 'HTTP 500: boom (after 5 attempts)', { lastStatus: 500 });

describe('createProviderRouter', () => {
  it.each([
    ['auth', auth('a')],
    ['quota', quota('a')],
    ['outage', down('a')],
    ['bad answers', new ProviderResponseError('a', 'body is not JSON')],
  ])('moves the request to the next provider on %s, returning its result with the failure listed', async (_kind, error) => {
    const a = stub('a', [error]);
    const b = stub('b', ['ok']);
    const fallbacks: FallbackInfo[] = [];
    const router = createProviderRouter([a, b], { onFallback: (i) => fallbacks.push(i) });
    const got = await router.fetchBars(REQ);
    expect(router.name).toBe('router');
    expect(got.provider).toBe('b');
    expect(got.attempts).toEqual([{ provider: 'a', error: `${error.name}: ${error.message}` }]);
    expect(fallbacks).toEqual([{ from: 'a', to: 'b', error }]);
  });

  it('returns the first provider’s answer untouched but for an empty attempts list', async () => {
    const got = await createProviderRouter([stub('a', ['ok']), stub('b', ['ok'])]).fetchBars(REQ);
    expect(got).toMatchObject({ provider: 'a', attempts: [] });
  });

  it('throws a refused request at once, and anything that is not a provider failure', async () => {
    const bad = new ProviderRequestError('a', 'invalid symbol: A', { status: 400 });
    const b = stub('b', ['ok']);
    await expect(createProviderRouter([stub('a', [bad]), b]).fetchBars(REQ)).rejects.toBe(bad);
    const abort = new DOMException('aborted', 'AbortError');
    await expect(createProviderRouter([stub('a', [abort]), b]).fetchBars(REQ)).rejects.toBe(abort);
    await expect(createProviderRouter([stub('a', ['ok'])]).fetchBars({ ...REQ, symbols: [''] })).rejects.toThrow(/empty symbol/);
    expect(b.calls).toBe(0);
  });

  it('skips a provider that failed with auth or quota until its cool-down ends, then asks it again', async () => {
    let t = 1_000_000;
    const a = stub('a', [auth('a'), 'ok']);
    const b = stub('b', ['ok']);
    const fallbacks: FallbackInfo[] = [];
    const router = createProviderRouter([a, b], { coolDownMs: 30_000, now: () => t, onFallback: (i) => fallbacks.push(i) });
    await router.fetchBars(REQ);
    t += 29_000;
    const skipped = await router.fetchBars(REQ);
    expect(a.calls).toBe(1);
    expect(skipped.provider).toBe('b');
    expect(skipped.attempts).toEqual([{ provider: 'a', error: `skipped until ${new Date(1_030_000).toISOString()} after ProviderAuthError: forbidden.` }]);
    expect(fallbacks).toHaveLength(1); // a skip is not a new failure
    t += 1_000;
    expect((await router.fetchBars(REQ)).provider).toBe('a');
    expect(a.calls).toBe(2);
  });

  it('skips a rate-limited provider until its retryAt when that is later than the cool-down', async () => {
    let t = Date.parse('2024-07-01T00:00:00Z');
    const a = stub('a', [quota('a', new Date(t + 90_000)), 'ok']);
    const router = createProviderRouter([a, stub('b', ['ok'])], { now: () => t });
    await router.fetchBars(REQ);
    t += 60_000;
    await router.fetchBars(REQ);
    expect(a.calls).toBe(1);
    t += 30_000;
    expect((await router.fetchBars(REQ)).provider).toBe('a');
  });

  it('does not cool down after an outage, and can be told never to', async () => {
    const a = stub('a', [down('a'), 'ok']);
    const router = createProviderRouter([a, stub('b', ['ok'])]);
    await router.fetchBars(REQ);
    expect((await router.fetchBars(REQ)).provider).toBe('a');
    const c = stub('c', [auth('c'), 'ok']);
    const never = createProviderRouter([c, stub('d', ['ok'])], { coolDownMs: 0 });
    await never.fetchBars(REQ);
    expect((await never.fetchBars(REQ)).provider).toBe('c');
  });

  it('throws the last error when every provider fails, carrying the earlier failures', async () => {
    const last = down('c');
    const fallbacks: FallbackInfo[] = [];
    const router = createProviderRouter([stub('a', [auth('a')]), stub('b', [quota('b')]), stub('c', [last])], { onFallback: (i) => fallbacks.push(i) });
    const err = await router.fetchBars(REQ).catch((e: unknown) => e);
    expect(err).toBe(last);
    expect(last.attempts).toEqual([
      { provider: 'a', error: 'ProviderAuthError: forbidden.' },
      { provider: 'b', error: 'ProviderRateLimitError: rate limited: slow down' },
    ]);
    expect(fallbacks.map((f) => [f.from, f.to])).toEqual([['a', 'b'], ['b', 'c'], ['c', null]]);
  });

  it('names the next provider actually asked in onFallback, past those cooling down', async () => {
    const fallbacks: FallbackInfo[] = [];
    const router = createProviderRouter([stub('a', [down('a')]), stub('b', [auth('b')]), stub('c', ['ok'])], { onFallback: (i) => fallbacks.push(i) });
    await router.fetchBars(REQ);
    await router.fetchBars(REQ); // b is cooling down now
    expect(fallbacks.map((f) => [f.from, f.to])).toEqual([['a', 'b'], ['b', 'c'], ['a', 'c']]);
  });

  it('when every provider is cooling down, fails at once with a fresh error of the same kind', async () => {
    const t = 0;
    const router = createProviderRouter([stub('a', [auth('a')]), stub('b', [quota('b', new Date(120_000))])], { now: () => t });
    await router.fetchBars(REQ).catch(() => undefined);
    const err = (await router.fetchBars(REQ).catch((e: unknown) => e)) as ProviderRateLimitError;
    expect(err).toBeInstanceOf(ProviderRateLimitError);
    expect(err.retryAt.getTime()).toBe(120_000);
    expect(err.attempts).toEqual([{ provider: 'a', error: `skipped until ${new Date(60_000).toISOString()} after ProviderAuthError: forbidden.` }]);
  });

  it('needs at least one provider', () => {
    expect(() => createProviderRouter([])).toThrow(/at least one/);
  });
});
