import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../env';
import { createTestDatabase, redisUrl, startTestApp, TEST_KEYS, type TestApp, type TestDatabase } from '../testing/test-app';

const OTHER_APP_KEY = 'test-app-key-0000000000000002';
const keys = { app: [TEST_KEYS.app, OTHER_APP_KEY], admin: [TEST_KEYS.admin] };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

let t: TestDatabase;
const apps: TestApp[] = [];

async function start(rateLimit: AppConfig['rateLimit']): Promise<TestApp> {
  const h = await startTestApp({ db: t, kind: 'postgres', key: null, config: { apiKeys: keys, rateLimit } });
  apps.push(h);
  return h;
}

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(apps.map((h) => h.close()));
  await t?.drop();
});

describe('in memory', () => {
  let h: TestApp;
  const get = (headers: Record<string, string>, url = '/v1/alerts', remoteAddress?: string) =>
    h.app.inject({ url, headers, ...(remoteAddress ? { remoteAddress } : {}) });

  beforeAll(async () => {
    h = await start({ appPerMinute: 3, adminPerMinute: 5 });
  });

  test('an app key gets its limit, then 429s with the standard headers and the error body', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await get(bearer(TEST_KEYS.app));
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBe('3');
      remaining.push(String(res.headers['x-ratelimit-remaining']));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const res = await get(bearer(TEST_KEYS.app));
    expect(res.statusCode).toBe(429);
    expect(res.json()).toEqual({ error: 'rate_limited', message: expect.stringMatching(/^rate limit of 3 requests a minute exceeded; retry in /) });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(res.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(60);
  });

  test('each key counts on its own; admin keys get the admin limit', async () => {
    for (let i = 0; i < 3; i++) expect((await get(bearer(OTHER_APP_KEY))).statusCode).toBe(200);
    expect((await get(bearer(OTHER_APP_KEY))).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) expect((await get(bearer(TEST_KEYS.admin))).statusCode).toBe(200);
    expect((await get(bearer(TEST_KEYS.admin))).statusCode).toBe(429);
  });

  test('requests without a valid key are counted by address, so guessing keys is throttled', async () => {
    const guess = (n: number, ip: string) => get(bearer(`guess-${n}-000000000000000`), '/v1/alerts', ip);
    for (let i = 0; i < 3; i++) expect((await guess(i, '10.0.0.7')).statusCode).toBe(401);
    expect((await guess(3, '10.0.0.7')).statusCode).toBe(429);
    expect((await guess(4, '10.0.0.8')).statusCode).toBe(401);
  });

  test('probes and the scrape are never limited', async () => {
    for (let i = 0; i < 10; i++) {
      for (const url of ['/healthz', '/readyz', '/metrics']) expect((await get({}, url, '10.0.0.9')).statusCode).toBe(200);
    }
  });
});

describe('on Redis', () => {
  const prefix = `mf-rl-test-${randomBytes(4).toString('hex')}`;

  test('two replicas share one count per key', async () => {
    const config = { appPerMinute: 3, adminPerMinute: 5, redisUrl: redisUrl(), prefix };
    const [a, b] = [await start(config), await start(config)];
    const get = (h: TestApp) => h.app.inject({ url: '/v1/alerts', headers: bearer(TEST_KEYS.app) });
    expect((await get(a)).statusCode).toBe(200);
    expect((await get(b)).statusCode).toBe(200);
    const third = await get(a);
    expect(third.statusCode).toBe(200);
    expect(third.headers['x-ratelimit-remaining']).toBe('0');
    expect((await get(b)).statusCode).toBe(429);
    expect((await get(a)).statusCode).toBe(429);
    // Another key is untouched by this one's count.
    expect((await b.app.inject({ url: '/v1/alerts', headers: bearer(OTHER_APP_KEY) })).statusCode).toBe(200);
  });

  test('an unreachable Redis lets requests through rather than failing them', async () => {
    const h = await start({ appPerMinute: 1, adminPerMinute: 1, redisUrl: 'redis://127.0.0.1:1', prefix });
    const started = Date.now();
    for (let i = 0; i < 3; i++) {
      expect((await h.app.inject({ url: '/v1/alerts', headers: bearer(TEST_KEYS.app) })).statusCode).toBe(200);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
