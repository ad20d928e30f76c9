import { ensureSymbols, saveRankRun, upsertOptionQuotes, type OptionQuoteInput, type StoredRank } from '@marketfleet/db';
import { assertOcc, formatOcc, type OptionSide } from '@marketfleet/market';
import { contractValidator } from '@marketfleet/testing';
import { createTestDatabase, startTestApp, TEST_KEYS, type TestApp, type TestDatabase } from '../testing/test-app';

// Tuesday 23 Jan 2024, 12:00 in New York: the market is open.
const NOW = new Date('2024-01-23T17:00:00Z');
const MIN = 60_000;
const NEAR = '2024-01-26';
const FAR = '2024-02-16';
const STRIKES = [190, 195, 200];

const validateChart = contractValidator('chart');
const validateHealth = contractValidator('data-health');

const occ = (expiry: string, side: OptionSide, strike: number) => formatOcc({ root: 'AAPL', expiry, side, strike });

/** A quote per strike and side of one expiration, priced so every field is distinct and checkable. */
function chain(expiry: string, shift: number): OptionQuoteInput[] {
  return STRIKES.flatMap((strike, i) =>
    (['call', 'put'] as const).map((side, j) => ({
      contract: occ(expiry, side, strike), root: 'AAPL', expiry, strike, side,
      bid: 2 + i + j + shift, ask: 2.2 + i + j + shift, last: 2.1 + i + j + shift, volume: 100 * (i + 1), openInterest: 1000 + i,
      iv: 0.25 + 0.01 * i, delta: side === 'call' ? 0.5 - 0.1 * i : -0.5 + 0.1 * i, gamma: 0.03, theta: -0.05, vega: 0.12,
      quotedAt: null,
    })),
  );
}

/** A run's ranks: `n` contracts, best first, each told apart by its strike. */
function ranks(n: number, score: number): StoredRank[] {
  return Array.from({ length: n }, (_, i) => {
    const strike = 150 + 5 * i;
    return {
      position: i + 1, contract: occ(NEAR, 'call', strike), expiry: NEAR, strike, side: 'call' as const,
      bid: 1, ask: 1.1, mark: 1.05, last: 1.02, volume: 500 + i, openInterest: 2000 + i, iv: 0.3 + i / 100, delta: 0.5,
      gamma: 0.04, theta: -0.06, vega: 0.1, dte: 3, composite: score - i, mlScore: (score - i) / 100, momentum: 60, value: 55,
      greeks: 70, ivRank: 40, spreadPct: 9.5, volOiRatio: 0.25, liquidityConfidence: 0.9, priceMomentum: 50, oiGrowth: 50,
      relativeValue: 50, entryDifficulty: 60, stability: i === 0 ? null : 90, ivCurveOk: true, ivDataQuality: 0.8,
      forecastTilt: 0, signals: i === 0 ? ['BUY', 'GREEKS'] : [], imputed: [],
    };
  });
}

const run = (symbolId: number, key: string) => ({
  symbolId, mode: 'entry' as const, sessionDate: '2024-01-23', runKey: key, trigger: 'scrape' as const, contractsScored: 40,
  contractsSkipped: 2, ivStale: false, referenceDate: '2024-01-16', forecastId: null, durationMs: 12,
});

let t: TestDatabase;
let h: TestApp;
let aapl: number;
const get = (url: string) => h.app.inject({ method: 'GET', url });
const post = (url: string, payload: unknown) => h.app.inject({ method: 'POST', url, payload: payload as object });

beforeAll(async () => {
  t = await createTestDatabase();
  const ids = await ensureSymbols(t.database.db, ['AAPL', 'MSFT']);
  aapl = ids.get('AAPL')!;
  // A wide scrape five hours ago, then a near one 20 minutes ago that rewrote only the near expiration.
  await upsertOptionQuotes(t.database.db, { symbolId: aapl, provider: 'sim', fetchedAt: new Date(NOW.getTime() - 300 * MIN), quarantined: 0 }, [
    ...chain(NEAR, 0),
    ...chain(FAR, 3),
  ]);
  await upsertOptionQuotes(t.database.db, { symbolId: aapl, provider: 'sim', fetchedAt: new Date(NOW.getTime() - 20 * MIN), quarantined: 1 }, chain(NEAR, 0.5));
  h = await startTestApp({ db: t, kind: 'postgres', now: NOW });
});

afterAll(async () => {
  await h?.close();
  await t?.drop();
});

const C190 = occ(NEAR, 'call', 190);
const P195 = occ(NEAR, 'put', 195);
const F200 = occ(FAR, 'put', 200);

describe('options-quotes', () => {
  test('GET: the latest quote of each contract asked for, the chain age, unknown contracts listed', async () => {
    const missing = occ(NEAR, 'call', 205);
    const res = await get(`/v1/options-quotes?symbol=aapl&contracts=${C190},${P195},${missing},${F200}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      symbol: 'AAPL', timestamp: NOW.toISOString(), chain_timestamp: new Date(NOW.getTime() - 20 * MIN).toISOString(),
      age_seconds: 1200, is_stale: false, total_requested: 4, total_returned: 3, unknown_contracts: [missing],
    });
    expect(body.quotes.map((q: { contract_symbol: string }) => q.contract_symbol)).toEqual([C190, P195, F200]);
    // The near scrape's quote (shifted by 0.5), its mark the quoted mid.
    expect(body.quotes[0]).toEqual({
      contract_symbol: C190, expiry: NEAR, strike: 190, side: 'call', bid: 2.5, ask: 2.7, mark: 2.6, last: 2.6, volume: 100,
      open_interest: 1000, implied_vol: 0.25, delta: 0.5, gamma: 0.03, theta: -0.05, vega: 0.12,
      updated_at: new Date(NOW.getTime() - 20 * MIN).toISOString(), fetched_at: new Date(NOW.getTime() - 20 * MIN).toISOString(),
    });
    // The far expiration kept the wide scrape's quote and says when it was fetched.
    expect(body.quotes[2]).toMatchObject({ bid: 8, ask: 8.2, fetched_at: new Date(NOW.getTime() - 300 * MIN).toISOString() });
  });

  test('POST under the old path with an app key, as the app sends it; spelling and duplicates forgiven', async () => {
    const res = await h.app.inject({
      method: 'POST', url: '/functions/v1/options-quotes', headers: { authorization: `Bearer ${TEST_KEYS.app}` },
      payload: { symbol: 'AAPL', contracts: [` ${C190.toLowerCase()} `, C190, P195] },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total_requested: 2, total_returned: 2, unknown_contracts: [] });
    expect(body.quotes.map((q: { contract_symbol: string }) => q.contract_symbol)).toEqual([C190, P195]);
  });

  test('120 contracts are answered; 121 are refused naming the limit', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => occ(NEAR, 'call', 100 + i));
    const ok = await post('/v1/options-quotes', { symbol: 'AAPL', contracts: many(120) });
    expect(ok.statusCode).toBe(200);
    // Strikes 100–219: the stored 190, 195 and 200 calls among them.
    expect(ok.json()).toMatchObject({ total_requested: 120, total_returned: 3 });
    expect(ok.json().unknown_contracts).toHaveLength(117);
    const tooMany = await post('/v1/options-quotes', { symbol: 'AAPL', contracts: many(121) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().message).toBe('body.contracts: at most 120 contracts per request, got 121; split the list');
    const viaGet = await get(`/v1/options-quotes?symbol=AAPL&contracts=${many(121).join(',')}`);
    expect([viaGet.statusCode, viaGet.json().message]).toEqual([400, 'contracts: at most 120 contracts per request, got 121; split the list']);
  });

  test.each([
    ['a bad option type', 'AAPL240126X00190000', "option type must be C or P, got 'X'"],
    ['a strike with a digit missing', 'AAPL240126C0019000', "strike must be 8 digits"],
    ['a day that does not exist', 'AAPL240230C00190000', 'expiry day 30 does not exist'],
    ['a root too long', 'AAPLXYZ240126C00190000', 'must be 16–21 characters'],
  ])('a malformed OCC symbol (%s) is a 400 naming it', async (_name, bad, why) => {
    const res = await get(`/v1/options-quotes?symbol=AAPL&contracts=${C190},${bad}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(`contracts: '${bad}' is not an OCC symbol`);
    expect(res.json().message).toContain(why);
    const viaPost = await post('/v1/options-quotes', { symbol: 'AAPL', contracts: [bad] });
    expect([viaPost.statusCode, viaPost.json().message]).toEqual([400, expect.stringContaining(`body.contracts: '${bad}' is not an OCC symbol`)]);
  });

  test('a long garbage contract is named by its start only', async () => {
    const res = await post('/v1/options-quotes', { symbol: 'AAPL', contracts: ['X'.repeat(5000)] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^body\.contracts: 'X{24}…' \(5000 characters\) is not an OCC symbol/);
    expect(res.body.length).toBeLessThan(300);
  });

  test.each([
    ['/v1/options-quotes?contracts=' + C190, 'symbol: is required'],
    ['/v1/options-quotes?symbol=AAPL', 'contracts: is required: comma-separated OCC symbols'],
    ['/v1/options-quotes?symbol=AAPL&contracts=,%20,', 'contracts: No contracts specified: name 1 to 120 OCC symbols'],
    [`/v1/options-quotes?symbol=AAPL&contracts=${C190}&expiration=tomorrow`, 'expiration: must be Unix seconds (the expiry date at 00:00 UTC)'],
    [`/v1/options-quotes?symbol=AAPL&contracts=${C190}&expiration=99999999999`, 'expiration: must lie between 1990-01-01 and 2100-12-31'],
  ])('%s → 400 %s', async (url, message) => {
    const res = await get(url);
    expect([res.statusCode, res.json()]).toEqual([400, { error: 'bad_request', message }]);
  });

  test("the old app's expiration (Unix seconds): contracts of that date pass, another date is named", async () => {
    const secs = Date.parse(`${NEAR}T00:00:00Z`) / 1000;
    const ok = await get(`/v1/options-quotes?symbol=AAPL&contracts=${C190}&expiration=${secs}`);
    expect([ok.statusCode, ok.json().total_returned]).toEqual([200, 1]);
    const off = await post('/v1/options-quotes', { symbol: 'AAPL', contracts: [C190, F200], expiration: secs });
    expect([off.statusCode, off.json().message]).toEqual([400, `contracts: ${F200} expires ${FAR}, not on the expiration asked (${NEAR})`]);
  });

  test('an unknown underlying is a 404 naming it; a known one never scraped lists every contract as unknown', async () => {
    const res = await get(`/v1/options-quotes?symbol=ZZZZ&contracts=${C190}`);
    expect([res.statusCode, res.json().message]).toEqual([404, 'Symbol not found: ZZZZ']);
    // AAPL's contract asked for under MSFT: not MSFT's chain.
    const msft = await get(`/v1/options-quotes?symbol=MSFT&contracts=${C190}`);
    expect(msft.statusCode).toBe(200);
    expect(msft.json()).toMatchObject({ chain_timestamp: null, age_seconds: null, is_stale: true, total_returned: 0, unknown_contracts: [C190] });
  });

  test('the OCC forms the app may send: padded roots and adjusted roots parse', async () => {
    const padded = `AAPL  ${C190.slice(4)}`;
    expect(assertOcc(padded).root).toBe('AAPL');
    const res = await post('/v1/options-quotes', { symbol: 'AAPL', contracts: [padded, 'AAPL1240126C00190000'] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total_returned: 1, unknown_contracts: ['AAPL1240126C00190000'] });
    expect(res.json().quotes[0].contract_symbol).toBe(padded);
  });
});

describe('GET /v1/options/chain', () => {
  test('the nearest expiration by default: by strike, calls first, with its age', async () => {
    const res = await get('/v1/options/chain?symbol=AAPL');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      symbol: 'AAPL', expiration: NEAR, expirations: [NEAR, FAR], fetchedAt: new Date(NOW.getTime() - 20 * MIN).toISOString(),
      ageSeconds: 1200, isStale: false,
    });
    expect(body.contracts.map((c: { strike: number; side: string }) => `${c.strike}${c.side[0]}`)).toEqual(['190c', '190p', '195c', '195p', '200c', '200p']);
    expect(body.contracts[0]).toMatchObject({ contract: C190, bid: 2.5, ask: 2.7, mark: 2.6, impliedVol: 0.25, openInterest: 1000 });
  });

  test('an expiration scraped five hours ago in the session is stale', async () => {
    const body = (await get(`/v1/options/chain?symbol=AAPL&expiration=${FAR}`)).json();
    expect(body).toMatchObject({ expiration: FAR, ageSeconds: 18_000, isStale: true });
    expect(body.contracts).toHaveLength(6);
  });

  test.each([
    ['/v1/options/chain?symbol=AAPL&expiration=2024-02-30', 400, 'expiration: must be a date as YYYY-MM-DD'],
    ['/v1/options/chain?symbol=AAPL&expiration=16-02-2024', 400, 'expiration: must be a date as YYYY-MM-DD'],
    ['/v1/options/chain?symbol=AAPL&expiration=2200-01-01', 400, 'expiration: must lie between 1990-01-01 and 2100-12-31'],
    ['/v1/options/chain?symbol=AAPL&expiration=2024-03-15', 404, `No AAPL options expiring 2024-03-15 are stored; stored expirations: ${NEAR}, ${FAR}`],
    ['/v1/options/chain?symbol=ZZZZ', 404, 'Symbol not found: ZZZZ'],
    ['/v1/options/chain?symbol=MSFT', 404, 'No option chain is stored for MSFT yet'],
    ['/v1/options/chain', 400, 'symbol: is required'],
  ])('%s → %d', async (url, status, message) => {
    const res = await get(url);
    expect([res.statusCode, res.json().message]).toEqual([status, message]);
  });
});

describe('ranks: /v1/options/ranks and the chart', () => {
  beforeAll(async () => {
    // An older run, then the latest: only the latest one's contracts may be shown.
    await saveRankRun(t.database.db, run(aapl, 'older'), ranks(12, 99).map((r) => ({ ...r, strike: r.strike + 1000, contract: occ(NEAR, 'put', r.strike + 1000) })), []);
    await new Promise((r) => setTimeout(r, 10));
    await saveRankRun(t.database.db, run(aapl, 'latest'), ranks(12, 80), []);
  });

  test("the latest run's ranks, best first, with the run they come from", async () => {
    const res = await get('/v1/options/ranks?symbol=AAPL&mode=entry&limit=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.run).toMatchObject({ sessionDate: '2024-01-23', trigger: 'scrape', contractsScored: 40, ivStale: false, referenceDate: '2024-01-16' });
    expect(body.ranks.map((r: { position: number }) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(body.ranks.every((r: { strike: number }) => r.strike < 1000)).toBe(true);
    expect(body.ranks[0]).toMatchObject({ contract: occ(NEAR, 'call', 150), mlScore: 0.8, composite: 80, signals: ['BUY', 'GREEKS'], stability: null, impliedVol: 0.3 });
    expect((await get('/v1/options/ranks?symbol=AAPL')).json().ranks).toHaveLength(12);
  });

  test.each([
    ['/v1/options/ranks?symbol=AAPL&mode=exit', 400, 'mode: must be one of entry'],
    ['/v1/options/ranks?symbol=AAPL&limit=0', 400, 'limit: must be an integer from 1 to 100'],
    ['/v1/options/ranks?symbol=AAPL&limit=101', 400, 'limit: must be an integer from 1 to 100'],
    ['/v1/options/ranks?symbol=ZZZZ', 404, 'Symbol not found: ZZZZ'],
  ])('%s → %d', async (url, status, message) => {
    const res = await get(url);
    expect([res.statusCode, res.json().message]).toEqual([status, message]);
  });

  test('a symbol never ranked: no run, no ranks', async () => {
    expect((await get('/v1/options/ranks?symbol=MSFT')).json()).toEqual({ symbol: 'MSFT', mode: 'entry', run: null, ranks: [] });
  });

  test("the chart's optionsRanks: the latest run's top 10 in the contract's shape", async () => {
    const body = (await get('/v1/chart?symbol=AAPL&timeframe=d1')).json();
    expect(validateChart(body) ? [] : validateChart.errors).toEqual([]);
    const latest = (await get('/v1/options/ranks?symbol=AAPL&limit=10')).json();
    expect(body.optionsRanks).toHaveLength(10);
    expect(body.optionsRanks[0]).toEqual({
      expiry: NEAR, strike: 150, side: 'call', mlScore: 0.8, impliedVol: 0.3, delta: 0.5, gamma: 0.04, theta: -0.06, vega: 0.1,
      openInterest: 2000, volume: 500, runAt: latest.run.runAt,
    });
    expect(body.optionsRanks.map((r: { strike: number }) => r.strike)).toEqual(latest.ranks.map((r: { strike: number }) => r.strike));
    expect(new Set(body.optionsRanks.map((r: { runAt: string }) => r.runAt)).size).toBe(1);
    // Every timeframe shows the same ranks; a symbol never ranked shows none.
    expect((await get('/v1/chart?symbol=AAPL&timeframe=m15')).json().optionsRanks).toEqual(body.optionsRanks);
    expect((await get('/v1/chart?symbol=MSFT')).json().optionsRanks).toEqual([]);
  });

  test('a new run replaces the cached chart at once, not after the cache lifetime', async () => {
    const before = (await get('/v1/chart?symbol=AAPL&timeframe=w1')).json();
    expect(before.optionsRanks[0].mlScore).toBe(0.8);
    await saveRankRun(t.database.db, run(aapl, 'newest'), ranks(3, 95), []);
    // The cache drops the symbol's entries when the run's notification arrives (after commit).
    let after = before;
    for (let i = 0; i < 50 && after.optionsRanks.length !== 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = (await get('/v1/chart?symbol=AAPL&timeframe=w1')).json();
    }
    expect(after.optionsRanks.map((r: { mlScore: number }) => r.mlScore)).toEqual([0.95, 0.94, 0.93]);
  });
});

describe('data-health: option chains', () => {
  test("each status carries its symbol's chain age; stale when none is stored", async () => {
    const body = (await get('/v1/data-health?timeframe=d1&symbol=AAPL')).json();
    expect(validateHealth(body) ? [] : validateHealth.errors).toEqual([]);
    expect(body.healthStatuses[0].options).toEqual({
      latestSnapshotAt: new Date(NOW.getTime() - 20 * MIN).toISOString(), isStale: false, ageHours: 0.3,
    });
    expect(body.summary.staleOptions).toBe(0);
    const msft = (await get('/v1/data-health?symbol=MSFT')).json();
    expect(validateHealth(msft) ? [] : validateHealth.errors).toEqual([]);
    expect(msft.healthStatuses.map((s: { options: unknown }) => s.options)).toEqual(
      Array(5).fill({ latestSnapshotAt: null, isStale: true, ageHours: null }),
    );
    expect(msft.summary.staleOptions).toBe(5);
  });
});
