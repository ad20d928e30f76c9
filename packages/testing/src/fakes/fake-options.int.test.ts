import { simMarket, simOptionChain } from '@marketfleet/providers/sim';
import { startFakeAlpaca, startFakeTradier, type FakeAlpaca, type FakeTradier } from './fakes';

const AUTH = { 'APCA-API-KEY-ID': 'test-key', 'APCA-API-SECRET-KEY': 'test-secret' };
const market = simMarket(5);
const NOW = new Date('2024-06-12T21:00:00Z');
const now = () => NOW;

interface Page {
  snapshots: Record<string, Record<string, unknown>>;
  next_page_token: string | null;
  message?: string;
}

async function get<T>(url: string, params: Record<string, string>, headers: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${url}?${new URLSearchParams(params)}`, { headers });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

describe('fake Alpaca option chains', () => {
  let fake: FakeAlpaca;
  beforeAll(async () => {
    fake = await startFakeAlpaca({ seed: 5, market, now });
  });
  afterAll(() => fake.close());
  const chain = (params: Record<string, string>) => get<Page>(`${fake.url}/v1beta1/options/snapshots/SPY`, params, AUTH);

  it('pages the sim’s chain in OCC order with opaque tokens, no contract twice or missing', async () => {
    const want = simOptionChain({ market, underlying: 'SPY', asOf: '2024-06-12', expirations: 60, now: NOW }).snapshots.map((s) => s.contract).sort();
    const seen: string[] = [];
    let token: string | null = null;
    do {
      const { status, body, headers } = await chain({ limit: '250', ...(token === null ? {} : { page_token: token }) });
      expect(status).toBe(200);
      expect(headers.get('X-RateLimit-Limit')).not.toBeNull();
      expect(Object.keys(body.snapshots).length).toBeLessThanOrEqual(250);
      seen.push(...Object.keys(body.snapshots));
      token = body.next_page_token;
    } while (token !== null);
    expect(seen).toEqual(want);
  });

  it('filters by expiration, type, strike and root like the API', async () => {
    const { body } = await chain({ limit: '1000', expiration_date: '2024-06-21', type: 'put', strike_price_gte: '1' });
    const keys = Object.keys(body.snapshots);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.every((k) => k.startsWith('SPY240621P'))).toBe(true);
    expect(Object.keys((await chain({ root_symbol: 'SPY1' })).body.snapshots)).toEqual([]);
  });

  it('refuses what Alpaca refuses: limits beyond 1000, unknown parameters, bad dates', async () => {
    expect((await chain({ limit: '1001' })).status).toBe(400);
    expect((await chain({ symbols: 'SPY' })).body.message).toBe('unexpected query parameter(s): symbols');
    expect((await chain({ expiration_date_gte: '2024-13-01' })).status).toBe(400);
    expect((await get(`${fake.url}/v1beta1/options/snapshots/SPY`, {}, {})).status).toBe(403);
  });

  it('sends every n-th contract as {} in that mode', async () => {
    fake.configure({ quietOptionsEvery: 2 });
    const { body } = await chain({ limit: '20' });
    const empty = Object.values(body.snapshots).filter((s) => Object.keys(s).length === 0);
    expect(empty).toHaveLength(10);
    fake.configure({ quietOptionsEvery: 0 });
  });
});

describe('fake Tradier option endpoints', () => {
  let fake: FakeTradier;
  beforeAll(async () => {
    fake = await startFakeTradier({ seed: 5, market, now });
  });
  afterAll(() => fake.close());
  const auth = { Authorization: 'Bearer test-token', Accept: 'application/json' };

  it('lists expirations and serves a chain with greeks, one-or-many like Tradier', async () => {
    const exp = await get<{ expirations: { date: string[] } }>(`${fake.url}/v1/markets/options/expirations`, { symbol: 'SPY' }, auth);
    expect(exp.body.expirations.date.slice(0, 2)).toEqual(['2024-06-14', '2024-06-21']);
    const chain = await get<{ options: { option: Array<Record<string, unknown>> } }>(
      `${fake.url}/v1/markets/options/chains`,
      { symbol: 'SPY', expiration: '2024-06-14', greeks: 'true' },
      auth,
    );
    expect(chain.body.options.option.length).toBeGreaterThan(10);
    expect(chain.body.options.option[0]).toMatchObject({ expiration_date: '2024-06-14', greeks: { mid_iv: expect.any(Number) } });
    const bad = await get<unknown>(`${fake.url}/v1/markets/options/chains`, { symbol: 'SPY', expiration: 'soon' }, auth);
    expect(bad.status).toBe(400);
  });
});
