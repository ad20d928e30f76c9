// The per-key cap on symbols user-refresh may add to the watchlist, counted where the rate limits are.
import { addToWatchlist, ensureSymbols, findSymbol, listWatchlist } from '@marketfleet/db';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../env';
import { createTestDatabase, redisUrl, startTestApp, TEST_KEYS, type TestApp, type TestDatabase } from '../testing/test-app';

// Saturday 13 July 2024, noon in New York: the cap lifts at midnight, in 12 hours.
const now = new Date('2024-07-13T16:00:00Z');
const OTHER_APP_KEY = 'test-app-key-0000000000000002';
const apiKeys = { app: [TEST_KEYS.app, OTHER_APP_KEY], admin: [TEST_KEYS.admin] };

let t: TestDatabase;
const apps: TestApp[] = [];
async function start(rateLimit: AppConfig['rateLimit']): Promise<TestApp> {
  const h = await startTestApp({ db: t, kind: 'postgres', now, key: null, config: { apiKeys, rateLimit, userRefreshWaitMs: 0 } });
  apps.push(h);
  return h;
}
const refresh = (h: TestApp, symbol: string, key: string = TEST_KEYS.app) =>
  h.app.inject({ method: 'POST', url: '/v1/user-refresh', payload: { symbol }, headers: { authorization: `Bearer ${key}` } });

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureSymbols(t.database.db, ['KNOWN']);
  await addToWatchlist(t.database.db, ['KNOWN']);
});
afterAll(async () => {
  await Promise.all(apps.map((h) => h.close()));
  await t?.drop();
});

describe('in memory', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await start({ appPerMinute: 100_000, adminPerMinute: 100_000, newSymbolsPerDay: 2 });
  });

  test('an app key adds up to the cap, then gets a 429 naming the cap and its setting, and nothing is written', async () => {
    expect((await refresh(h, 'NEWA')).statusCode).toBe(200);
    expect((await refresh(h, 'NEWB')).statusCode).toBe(200);
    const refused = await refresh(h, 'NEWC');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      error: 'rate_limited',
      message: expect.stringMatching(/^NEWC is not on the watchlist, and this key already added 2 new symbols today.*\(USER_REFRESH_NEW_SYMBOLS_PER_DAY\)/),
    });
    expect(Number(refused.headers['retry-after'])).toBe(12 * 3600);
    expect(await findSymbol(t.database.db, 'NEWC')).toBeNull();
    expect((await listWatchlist(t.database.db)).map((s) => s.ticker).sort()).toEqual(['KNOWN', 'NEWA', 'NEWB']);
  });

  test('symbols already on the watchlist do not count, whoever added them', async () => {
    for (const symbol of ['KNOWN', 'NEWA', 'newb']) expect((await refresh(h, symbol)).statusCode).toBe(200);
  });

  test('each key has its own count; admin keys are not capped', async () => {
    expect((await refresh(h, 'NEWC', OTHER_APP_KEY)).statusCode).toBe(200);
    for (const symbol of ['ADMA', 'ADMB', 'ADMC']) expect((await refresh(h, symbol, TEST_KEYS.admin)).statusCode).toBe(200);
  });
});

describe('on Redis', () => {
  test('two replicas share one count per key', async () => {
    const config = { appPerMinute: 100_000, adminPerMinute: 100_000, newSymbolsPerDay: 1, redisUrl: redisUrl(), prefix: `mf-cap-test-${randomBytes(4).toString('hex')}` };
    const [a, b] = [await start(config), await start(config)];
    expect((await refresh(a, 'REDA')).statusCode).toBe(200);
    const refused = await refresh(b, 'REDB');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/already added 1 new symbol today/);
    expect((await refresh(b, 'REDB', OTHER_APP_KEY)).statusCode).toBe(200);
  });
});
