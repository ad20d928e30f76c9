import { marketClock } from '@marketfleet/market';
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { z } from 'zod';
import { buildApp } from '../app';
import { createTestDatabase, startTestApp, TEST_CONFIG, TEST_KEYS, testBackend, type TestApp, type TestDatabase } from '../testing/test-app';
import { NO_KEYS_MESSAGE } from './auth';

type Headers = Record<string, string>;
const { app: APP, admin: ADMIN } = TEST_KEYS;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const basic = (user: string, key: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}` });
const idOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 8);

let t: TestDatabase;
let h: TestApp;
const call = (method: 'GET' | 'POST' | 'OPTIONS', url: string, headers: Headers = {}) =>
  h.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: { n: 1 } } : {}) });

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startTestApp({
    db: t,
    kind: 'postgres',
    key: null,
    extraRoutes: (app) => {
      const body = { body: z.object({ n: z.number() }) };
      app.post('/test/write', { schema: body }, async () => ({ ok: true }));
      app.post('/test/app-write', { schema: body, config: { appMayCall: true } }, async () => ({ ok: true }));
      app.get('/test/report', { config: { adminOnly: true } }, async () => ({ ok: true }));
      app.get('/test/whoami', async (req) => req.caller);
    },
  });
});

afterAll(async () => {
  await h?.close();
  await t?.drop();
});

describe('without a key', () => {
  test.each(['/healthz', '/readyz', '/metrics', '/', '/ml', '/assets/app.js', '/assets/ml.js', '/vendor/lightweight-charts.js'])('GET %s is public', async (url) => {
    expect((await call('GET', url)).statusCode).toBe(200);
  });

  test.each(['/v1/alerts', '/v1/chart?symbol=AAPL', '/admin/queues', '/docs/json', '/no/such/route'])('GET %s is a 401', async (url) => {
    const res = await call('GET', url);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'unauthorized', message: expect.stringMatching(/API key is required.*Bearer.*apikey.*x-api-key/) });
  });

  test('a write to a public path still needs a key', async () => {
    expect((await call('POST', '/healthz')).statusCode).toBe(401);
  });

  test('API clients are challenged for a bearer token, browsers on the admin pages for Basic credentials', async () => {
    expect((await call('GET', '/v1/alerts')).headers['www-authenticate']).toBe('Bearer');
    expect((await call('GET', '/admin/queues')).headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect((await call('GET', '/docs')).headers['www-authenticate']).toMatch(/^Basic realm=/);
  });

  test('an unknown key is a 401 that says so', async () => {
    for (const headers of [bearer('not-a-key-0000000000'), { apikey: `${APP}x` }, { 'x-api-key': ADMIN.toUpperCase() }] as Headers[]) {
      const res = await call('GET', '/v1/alerts', headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'unauthorized', message: 'the API key is not recognised' });
    }
  });
});

describe('an app key', () => {
  test.each<Headers>([bearer(APP), { apikey: APP }, { 'x-api-key': APP }])('reads, sent as %j', async (headers) => {
    expect((await call('GET', '/v1/alerts', headers)).statusCode).toBe(200);
    expect((await call('GET', '/v1/quality-findings', headers)).statusCode).toBe(200);
  });

  test("is accepted next to a user's session token, as the old app's Supabase client sends it", async () => {
    const res = await call('GET', '/v1/market-status', { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.user.session', apikey: APP });
    expect(res.statusCode).toBe(200);
  });

  test('calls writes marked appMayCall, and no other', async () => {
    expect((await call('POST', '/test/app-write', bearer(APP))).statusCode).toBe(200);
    const res = await call('POST', '/test/write', bearer(APP));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: 'forbidden', message: 'POST /test/write needs an admin key' });
  });

  test('is refused Bull Board, the docs and admin-only reads', async () => {
    for (const url of ['/admin/queues', '/admin/queues/api/queues', '/docs', '/docs/json', '/test/report']) {
      const res = await call('GET', url, bearer(APP));
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('forbidden');
    }
  });

  test('gets the 404 of an unknown route', async () => {
    const res = await call('GET', '/v1/nope', bearer(APP));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: 'Route not found: GET /v1/nope' });
  });
});

describe('an admin key', () => {
  test('may do everything', async () => {
    for (const [method, url] of [
      ['GET', '/v1/alerts'],
      ['POST', '/test/write'],
      ['POST', '/test/app-write'],
      ['GET', '/test/report'],
      ['GET', '/admin/queues'],
      ['GET', '/admin/queues/api/queues'],
      ['GET', '/docs/json'],
    ] as const) {
      expect([method, url, (await call(method, url, bearer(ADMIN))).statusCode]).toEqual([method, url, 200]);
    }
  });

  test('opens Bull Board from a browser through Basic credentials', async () => {
    expect((await call('GET', '/admin/queues', basic('ops', ADMIN))).statusCode).toBe(200);
    expect((await call('GET', '/admin/queues', basic('ops', APP))).statusCode).toBe(403);
    expect((await call('GET', '/admin/queues', basic('ops', 'wrong-wrong-wrong-wrong'))).statusCode).toBe(401);
  });
});

test("the request carries the caller's role and key id", async () => {
  expect((await call('GET', '/test/whoami', bearer(APP))).json()).toEqual({ role: 'app', keyId: idOf(APP) });
  expect((await call('GET', '/test/whoami', { 'x-api-key': ADMIN })).json()).toEqual({ role: 'admin', keyId: idOf(ADMIN) });
});

test('one kept-alive connection that changes its credentials is judged on each request afresh', async () => {
  // Identities are remembered per connection: every request here shares one socket.
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  const ask = (path: string, headers: Headers) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${base}${path}`, { agent, headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString())).on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('socket', (s) => sockets.add(s)).on('error', reject).end();
    });
  try {
    const seen = [];
    // A key of the same length differing in its last character must not pass for the one before it.
    const sameLength = `${APP.slice(0, -1)}${APP.endsWith('1') ? '2' : '1'}`;
    const sequence: Headers[] = [bearer(APP), bearer(APP), bearer(sameLength), bearer(APP), bearer(ADMIN), { apikey: 'not-a-key' }, {}, { authorization: `Bearer ${APP}`, apikey: ADMIN }, bearer(APP)];
    for (const headers of sequence) {
      seen.push(await ask('/test/whoami', headers));
    }
    expect(sockets.size).toBe(1);
    expect(seen.map((r) => (r.status === 200 ? (JSON.parse(r.body) as { role: string }).role : r.status))).toEqual(['app', 'app', 401, 'app', 'admin', 401, 401, 'admin', 'app']);
    expect((await ask('/test/report', bearer(ADMIN))).status).toBe(200);
    expect((await ask('/test/report', bearer(APP))).status).toBe(403);
  } finally {
    agent.destroy();
  }
});

test('a CORS preflight needs no key', async () => {
  const res = await call('OPTIONS', '/v1/alerts', { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' });
  expect(res.statusCode).not.toBe(401);
});

describe('keys and logs', () => {
  test('no key reaches the log, whatever a handler logs; the key id does', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const backend = testBackend('postgres', t.url);
    const app = await buildApp({ database: t.database, backend, clock: marketClock, config: TEST_CONFIG, logger: pino({ level: 'info' }, sink) });
    app.get('/test/log-headers', async (req) => {
      // What a careless handler might do.
      req.log.info({ headers: req.headers }, 'headers');
      req.log.info({ req: { headers: req.headers } }, 'request');
      return {};
    });
    await app.ready();
    try {
      const sent = [bearer(APP), { apikey: ADMIN }, { 'x-api-key': APP }, basic('ops', ADMIN), bearer('unknown-key-000000000000')];
      for (const headers of sent) await app.inject({ url: '/test/log-headers', headers });
      await app.inject({ url: '/v1/alerts', headers: bearer(APP) });
    } finally {
      await app.close();
    }
    const log = lines.join('');
    expect(log).toContain('[redacted]');
    for (const secret of [APP, ADMIN, 'unknown-key-000000000000', Buffer.from(`ops:${ADMIN}`).toString('base64')]) {
      expect(log).not.toContain(secret);
    }
    const completed = lines.map((l) => JSON.parse(l) as { msg: string; apiKeyId?: string; req?: { url: string } });
    expect(completed.some((l) => l.msg === 'request completed' && l.apiKeyId === idOf(APP))).toBe(true);
  });
});

test('an app without any key refuses to build, naming the variables', async () => {
  const backend = testBackend('postgres', t.url);
  await expect(
    buildApp({ database: t.database, backend, clock: marketClock, config: { ...TEST_CONFIG, apiKeys: { app: [], admin: [] } } }),
  ).rejects.toThrow(NO_KEYS_MESSAGE);
});
