import { z } from 'zod';
import { createTestDatabase, startTestApp, TEST_KEYS, type TestApp, type TestDatabase } from '../testing/test-app';

const APP_ORIGIN = 'https://app.example.com';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe.each([
  ['none', [], null],
  ['a list', [APP_ORIGIN, 'http://localhost:5173'], APP_ORIGIN],
  ['any', ['*'], '*'],
] as const)('CORS with %s configured', (_name, corsOrigins, allowed) => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTestApp({ db: t, kind: 'postgres', config: { corsOrigins } });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a simple request gets the allow-origin header only when its origin is allowed', async () => {
    const res = await h.app.inject({ url: '/v1/alerts', headers: { origin: APP_ORIGIN } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(allowed ?? undefined);
    const other = await h.app.inject({ url: '/v1/alerts', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBe(allowed === '*' ? '*' : undefined);
  });

  test("a preflight is answered without a key, allowing the old app's headers", async () => {
    const res = await h.app.inject({
      method: 'OPTIONS',
      url: '/v1/user-refresh',
      headers: { authorization: '', origin: APP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'apikey, x-client-info' },
    });
    if (allowed === null) {
      // Same-origin only: there is nothing to preflight.
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: 'not_found' });
      return;
    }
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(allowed);
    const headers = String(res.headers['access-control-allow-headers']).split(/,\s*/);
    expect(headers).toEqual(expect.arrayContaining(['authorization', 'apikey', 'x-api-key', 'content-type', 'x-client-info']));
    expect(String(res.headers['access-control-allow-methods'])).toContain('POST');
  });

  test('a 401 carries the CORS headers, so the page can read why', async () => {
    const res = await h.app.inject({ url: '/v1/alerts', headers: { authorization: '', origin: APP_ORIGIN } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe(allowed ?? undefined);
  });
});

describe('bodies and URLs a client gets wrong', () => {
  let h: TestApp;
  const post = (payload: string, contentType = 'application/json') =>
    h.app.inject({ method: 'POST', url: '/test/refresh', headers: { 'content-type': contentType }, payload });

  beforeAll(async () => {
    h = await startTestApp({
      db: t,
      kind: 'postgres',
      extraRoutes: (app) => {
        const body = z.object({ symbol: z.string().regex(/^[A-Z]{1,5}$/), symbols: z.array(z.string()).max(50).optional() });
        app.post('/test/refresh', { schema: { body } }, async () => ({ ok: true }));
        app.get('/test/items/:id', async () => ({ ok: true }));
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  test.each([
    ['malformed JSON', 400, '{"symbol":', 'body: is not valid JSON'],
    ['an empty JSON body', 400, '', 'body: is empty, but content-type says application/json'],
    ['a prototype-poisoning key', 400, '{"symbol":"AAPL","__proto__":{"admin":true}}', 'body: is not valid JSON'],
    ['JSON that is not an object', 400, '[1,2]', expect.stringMatching(/^body: /)],
    ['a field of the wrong type', 400, '{"symbol":42}', expect.stringMatching(/^body\.symbol: /)],
    ['a field missing', 400, '{}', expect.stringMatching(/^body\.symbol: /)],
    ['a huge symbols list', 400, JSON.stringify({ symbol: 'AAPL', symbols: Array(2000).fill('AAPL') }), expect.stringMatching(/^body\.symbols: /)],
    ['a body over the limit', 413, JSON.stringify({ symbol: 'AAPL', pad: 'x'.repeat(70_000) }), 'body: is larger than this server accepts'],
  ])('%s is a %i naming the body', async (_what, status, payload, message) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ error: status === 413 ? 'payload_too_large' : 'bad_request', message });
  });

  test('a NUL character anywhere is a 400 naming where, before it can reach PostgreSQL', async () => {
    const cases = [
      [await h.app.inject({ url: '/v1/market-status?symbol=A%00' }), 'symbol'],
      [await h.app.inject({ url: '/test/items/x%00y' }), 'id'],
      [await post(JSON.stringify({ symbol: 'AAPL', symbols: ['MSFT', 'A\u0000'] })), 'body.symbols.1'],
      [await post('x\u0000', 'text/plain'), 'body'],
    ] as const;
    for (const [res, param] of cases) {
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'bad_request', message: `${param}: must not contain NUL characters` });
    }
  });

  test('an unsupported content type is a 415', async () => {
    const res = await post('<symbol>AAPL</symbol>', 'application/xml');
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({ error: 'unsupported_media_type', message: 'content-type: not supported; send application/json' });
  });

  test('a URL the router cannot decode is a 400 with the error body', async () => {
    const res = await h.app.inject({ url: '/admin/queues/api/queues/%E0%A4%A/jobs' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json()).sort()).toEqual(['error', 'message']);
  });

  test('a path parameter over the length limit is a 414 with the error body', async () => {
    const res = await h.app.inject({ url: `/admin/queues/api/queues/${'q'.repeat(500)}/jobs`, headers: { authorization: `Bearer ${TEST_KEYS.admin}` } });
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ error: 'uri_too_long', message: expect.any(String) });
  });
});

describe('security headers', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTestApp({ db: t, kind: 'postgres', key: null, config: { corsOrigins: [APP_ORIGIN] } });
  });
  afterAll(async () => {
    await h?.close();
  });
  const admin = { authorization: `Bearer ${TEST_KEYS.admin}` };

  test('every response, whatever its route or status, says nosniff and refuses to be framed', async () => {
    const requests = [
      { url: '/' },
      { url: '/assets/app.js' },
      { url: '/vendor/lightweight-charts.js' },
      { url: '/healthz' },
      { url: '/metrics' },
      { url: '/v1/alerts', headers: admin },
      { url: '/v1/alerts' },
      { url: '/v1/chart?symbol=1BAD', headers: admin },
      { url: '/no/such/route', headers: admin },
      { url: '/%zz', headers: admin },
      { url: '/docs/json', headers: admin },
      { url: '/admin/queues', headers: admin },
      { method: 'OPTIONS' as const, url: '/v1/alerts', headers: { origin: APP_ORIGIN, 'access-control-request-method': 'GET' } },
    ];
    for (const r of requests) {
      const res = await h.app.inject(r);
      expect([r.url, res.headers['x-content-type-options'], res.headers['x-frame-options']]).toEqual([r.url, 'nosniff', 'DENY']);
      expect([r.url, String(res.headers['content-security-policy'])]).toEqual([r.url, expect.stringContaining("frame-ancestors 'none'")]);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  test("API answers allow nothing to run; the page allows its own origin's scripts and styles only", async () => {
    const api = await h.app.inject({ url: '/v1/alerts', headers: admin });
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const page = String((await h.app.inject({ url: '/' })).headers['content-security-policy']);
    expect(page).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(page).toMatch(/(^|; )style-src 'self' 'sha256-[\w+/=]+'(;|$)/);
    expect(page).toMatch(/(^|; )connect-src 'self'(;|$)/);
  });
});
