import { nearestExpirations } from '@marketfleet/market';
import { type FakeAlpaca, type FakeAlpacaOptions, rejection, startFakeAlpaca } from '@marketfleet/testing';
import { ProviderRateLimitError, ProviderRequestError, ProviderResponseError } from '../errors';
import { LARGE_CHAIN_LISTING, simOptionChain } from '../sim/option-chain';
import { createSimOptionChainProvider } from '../sim/sim-option-provider';
import { simMarket } from '../sim/sim-market';
import type { OptionSnapshot, ResponseInfo } from '../types';
import { createAlpacaOptionChainProvider, type AlpacaOptionChainProviderOptions } from './option-chain-provider';

const market = simMarket(11);
// After the close of a Wednesday: the quotes are the session's last.
const NOW = new Date('2024-06-12T21:00:00Z');
const now = () => NOW;
const REQ = { underlying: 'AAPL', expirations: 3, asOf: '2024-06-12' };
const FIRST = nearestExpirations('2024-06-12', 1)[0]!.date; // 2024-06-14
const yymmdd = FIRST.slice(2).replaceAll('-', '');

let fake: FakeAlpaca;
let sleeps: number[];
let statuses: ResponseInfo['status'][];
let gated: number;
async function start(opts: FakeAlpacaOptions = {}) {
  fake = await startFakeAlpaca({ seed: 11, market, now, ...opts });
}
afterEach(() => fake?.close());

function provider(opts: Partial<AlpacaOptionChainProviderOptions> = {}) {
  sleeps = [];
  statuses = [];
  gated = 0;
  return createAlpacaOptionChainProvider({
    dataUrl: fake.url,
    keyId: 'test-key',
    secret: 'test-secret',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    hooks: {
      beforeRequest: async () => {
        gated++;
      },
      onResponse: (i) => statuses.push(i.status),
    },
    ...opts,
  });
}

const sim = () => createSimOptionChainProvider({ market, now }).fetchChain(REQ);
const quote = (s: OptionSnapshot) => [s.contract, s.bid, s.ask, s.iv, s.delta];

describe('Alpaca option chains against the fake', () => {
  it('reads every short page of the chain: the sim’s contracts and quotes, each page through the quota gate', async () => {
    await start({ maxPageSize: 40, shortPages: true });
    const got = await provider().fetchChain(REQ);
    const want = await sim();
    expect(want.snapshots.length).toBeGreaterThan(60);
    expect(got.snapshots.map(quote)).toEqual(want.snapshots.map(quote));
    expect(got.quarantined).toEqual([]);
    expect(got.provider).toBe('alpaca');
    // Pages of 20 (40 halved), the last one short: no page is skipped or asked twice.
    expect(got.requests).toBe(Math.ceil(want.snapshots.length / 20));
    expect(gated).toBe(got.requests);
    const queries = fake.stats.log.map((l) => l.query);
    expect(queries[0]).toEqual({ limit: '1000', expiration_date_gte: '2024-06-12', expiration_date_lte: '2024-06-28' });
    expect(new Set(queries.map((q) => q.page_token)).size).toBe(queries.length);
    // The wire has what the sim priced: volume from today's daily bar, the quote's time.
    const traded = got.snapshots.find((s) => s.volume! > 0)!;
    const same = want.snapshots.find((s) => s.contract === traded.contract)!;
    expect(traded).toMatchObject({ volume: same.volume, last: same.last, quotedAt: new Date('2024-06-12T20:00:00Z') });
  });

  it('reads a large chain whole across its 1,000-contract pages, one request a page', async () => {
    await start({ optionListing: LARGE_CHAIN_LISTING });
    const req = { underlying: 'AAPL', expirations: 60, asOf: '2024-06-12' };
    const got = await provider().fetchChain(req);
    const want = simOptionChain({ market, ...req, now: NOW, listing: LARGE_CHAIN_LISTING }).snapshots;
    expect(want.length).toBeGreaterThan(1000);
    expect(got.snapshots.map(quote).sort()).toEqual(want.map(quote).sort());
    expect(got.requests).toBe(Math.ceil(want.length / 1000));
  });

  it('keeps `{}` snapshots as contracts without a quote', async () => {
    await start({ quietOptionsEvery: 3, maxPageSize: 100 });
    const got = await provider().fetchChain(REQ);
    const want = await sim();
    expect(got.snapshots.map((s) => s.contract)).toEqual(want.snapshots.map((s) => s.contract));
    const bare = got.snapshots.filter((s) => s.bid === undefined);
    expect(bare.length).toBeGreaterThan(want.snapshots.length / 4);
    expect(bare[0]).toEqual({ contract: bare[0]!.contract, underlying: 'AAPL', root: 'AAPL', expiry: bare[0]!.expiry, strike: bare[0]!.strike, side: bare[0]!.side });
    expect(got.quarantined).toEqual([]);
  });

  it('parses adjusted roots and 8-digit strikes, and quarantines malformed symbols and impossible quotes with a reason', async () => {
    const chain = await sim();
    const [crossed, negative, nan, outOfRange] = chain.snapshots.filter((s) => s.expiry === FIRST).map((s) => s.contract);
    const adjusted = `AAPL1${yymmdd}P01234500`;
    const quote = (bp: unknown, ap: unknown) => ({ latestQuote: { t: '2024-06-12T19:59:59.123456789Z', bp, ap, bs: 1, as: 2 } });
    await start({
      optionSnapshotOverrides: {
        [adjusted]: { ...quote(1.1, 1.25), greeks: { delta: -0.4 }, impliedVolatility: 0.3 },
        [crossed!]: quote(2.5, 2.4),
        [negative!]: quote(-0.05, 0.1),
        [nan!]: { ...quote(1, 1.1), impliedVolatility: 'NaN' },
        [outOfRange!]: { greeks: { delta: 3 } },
        [`AAPL${yymmdd}X00100000`]: quote(1, 2),
        'AAPL  240614C00100000': quote(1, 2),
        [`aapl${yymmdd}C00100000`]: {},
        [`AAPL${yymmdd}C0010000`]: {},
        [`AAPL${yymmdd}C00200000`]: 'not a snapshot',
        [`AAPL${yymmdd}C00205000`]: { latestQuote: [1, 2] },
      },
    });
    const got = await provider().fetchChain(REQ);
    const adj = got.snapshots.find((s) => s.contract === adjusted);
    expect(adj).toEqual({
      contract: adjusted,
      underlying: 'AAPL',
      root: 'AAPL1',
      expiry: FIRST,
      strike: 1234.5,
      side: 'put',
      bid: 1.1,
      ask: 1.25,
      bidSize: 1,
      askSize: 2,
      delta: -0.4,
      iv: 0.3,
      quotedAt: new Date('2024-06-12T19:59:59.123Z'),
    });
    const reasons = Object.fromEntries(got.quarantined.map((q) => [q.contract, q.reason]));
    expect(reasons).toEqual({
      [crossed!]: 'crossed quote: bid 2.5 > ask 2.4',
      [negative!]: 'negative bid: -0.05',
      [nan!]: 'iv is not a finite number: "NaN"',
      [outOfRange!]: 'delta outside [-1, 1]: 3',
      [`AAPL${yymmdd}X00100000`]: expect.stringMatching(/^malformed OCC symbol: option type must be C or P/),
      'AAPL  240614C00100000': 'OCC symbol must be compact (no padding): \'AAPL  240614C00100000\'',
      [`aapl${yymmdd}C00100000`]: expect.stringMatching(/^malformed OCC symbol: .*upper case/),
      [`AAPL${yymmdd}C0010000`]: expect.stringMatching(/^malformed OCC symbol: strike must be 8 digits/),
      [`AAPL${yymmdd}C00200000`]: 'snapshot is not an object',
      [`AAPL${yymmdd}C00205000`]: 'latestQuote is not an object',
    });
    expect(got.quarantined.find((q) => q.contract === crossed)!.raw).toEqual(quote(2.5, 2.4));
    const returned = new Set(got.snapshots.map((s) => s.contract));
    for (const c of Object.keys(reasons)) expect(returned.has(c)).toBe(false);
    expect(got.snapshots).toHaveLength(chain.snapshots.length - 4 + 1);
  });

  it('takes open interest from the contracts of the trading host, across its pages, and refuses a bad one', async () => {
    const want = await sim();
    const [bad] = want.snapshots.map((s) => s.contract);
    await start({ maxPageSize: 30, optionContractOverrides: { [bad!]: { open_interest: 'n/a' } } });
    const got = await provider({ tradingUrl: fake.url }).fetchChain(REQ);
    const others = want.snapshots.filter((s) => s.contract !== bad);
    expect(got.snapshots.map((s) => [s.contract, s.openInterest])).toEqual(others.map((s) => [s.contract, s.openInterest]));
    expect(got.quarantined).toEqual([{ contract: bad, raw: expect.any(Object), reason: 'openInterest is not a finite number: "n/a"' }]);
    const contractPages = Math.ceil(want.snapshots.length / 30);
    expect(fake.stats.log.filter((l) => l.path === '/v2/options/contracts')).toHaveLength(contractPages);
    expect(fake.stats.log[0]!.query).toEqual({
      underlying_symbols: 'AAPL',
      expiration_date_gte: '2024-06-12',
      expiration_date_lte: '2024-06-28',
      limit: '10000',
    });
    expect(got.requests).toBe(contractPages + Math.ceil(want.snapshots.length / 30));
  });

  it('waits out a 429 until X-RateLimit-Reset, with every attempt through the quota gate', async () => {
    await start({ requestsPerMinute: 1 });
    const p = provider({
      maxRetries: 0,
      pageLimit: 50,
      sleep: async (ms) => {
        sleeps.push(ms);
        fake.resetRateLimits(); // the window "passes" during the injected sleep
      },
    });
    const got = await p.fetchChain(REQ);
    expect(got.snapshots.length).toBeGreaterThan(50);
    // Two pages of 50; the second waits for the window to pass, without spending a retry.
    expect(statuses).toEqual([200, 429, 200]);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(55_000);
    expect(gated).toBe(statuses.length);
    expect(got.requests).toBe(statuses.length);
  });

  it('gives up on a 429 beyond its wait budget with a retryAt', async () => {
    await start({ requestsPerMinute: 1 });
    const p = provider({ pageLimit: 10, rateLimitBudgetMs: 1_000 });
    const err = await rejection(p.fetchChain(REQ));
    expect(err).toBeInstanceOf(ProviderRateLimitError);
    expect((err as ProviderRateLimitError).retryAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it('retries 5xx and a truncated body, then answers the whole chain', async () => {
    await start({ faults: [{ type: 'status', status: 500 }, { type: 'status', status: 503 }, { type: 'truncate' }] });
    const got = await provider().fetchChain(REQ);
    expect(got.snapshots.map(quote)).toEqual((await sim()).snapshots.map(quote));
    expect(statuses).toEqual([500, 503, 200, 200]);
    expect(sleeps).toHaveLength(3);
  });

  it('fails with ProviderResponseError when every attempt is malformed', async () => {
    await start({ faults: Array.from({ length: 5 }, () => ({ type: 'truncate' as const })) });
    const err = await rejection(provider().fetchChain(REQ));
    expect(err).toBeInstanceOf(ProviderResponseError);
    expect(err.message).toMatch(/after 5 attempts/);
  });

  it('reports an underlying Alpaca refuses as a request error (no fallback would help), and honours an abort', async () => {
    await start({ refusedSymbols: ['ZZZZ'] });
    const err = await rejection(provider().fetchChain({ ...REQ, underlying: 'ZZZZ' }));
    expect(err).toBeInstanceOf(ProviderRequestError);
    expect(err.message).toBe('invalid underlying symbol: ZZZZ');
    const aborted = new AbortController();
    aborted.abort(new Error('shutting down'));
    await expect(provider().fetchChain({ ...REQ, signal: aborted.signal })).rejects.toThrow('shutting down');
    expect(fake.stats.requests).toBe(1);
  });
});
