import { createHash } from 'node:crypto';
import { accessFor, keyRing, presentedKeys } from './auth';

const APP = 'app-key-aaaaaaaaaaaaaaaa';
const ADMIN = 'admin-key-bbbbbbbbbbbbbbbb';
const idOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 8);

describe('keyRing', () => {
  const ring = keyRing({ app: [APP], admin: [ADMIN] });

  test('names the role and the key id of the key presented', () => {
    expect(ring.identify([APP])).toEqual({ role: 'app', keyId: idOf(APP) });
    expect(ring.identify([ADMIN])).toEqual({ role: 'admin', keyId: idOf(ADMIN) });
    expect(idOf(APP)).toMatch(/^[0-9a-f]{8}$/);
  });

  test('unknown, empty, near-miss and oversized keys are nobody', () => {
    for (const k of ['', 'nope', `${APP} `, APP.slice(0, -1), APP.toUpperCase(), 'x'.repeat(5000)]) {
      expect(ring.identify([k])).toBeNull();
    }
    expect(ring.identify([])).toBeNull();
  });

  test('any recognised candidate is enough, and the strongest role wins', () => {
    expect(ring.identify(['a-user-session-token', APP])).toEqual({ role: 'app', keyId: idOf(APP) });
    expect(ring.identify([APP, ADMIN])).toMatchObject({ role: 'admin' });
    expect(keyRing({ app: [ADMIN], admin: [ADMIN] }).identify([ADMIN])).toMatchObject({ role: 'admin' });
  });
});

describe('presentedKeys', () => {
  test('reads bearer tokens, apikey and x-api-key', () => {
    expect(presentedKeys({ authorization: `Bearer ${APP}` })).toEqual([APP]);
    expect(presentedKeys({ authorization: `bearer   ${APP}` })).toEqual([APP]);
    expect(presentedKeys({ apikey: APP })).toEqual([APP]);
    expect(presentedKeys({ 'x-api-key': ` ${APP} ` })).toEqual([APP]);
    // The Supabase client: its project key in apikey, a user's session token as the bearer.
    expect(presentedKeys({ authorization: 'Bearer eyJhbGciOi.session.token', apikey: APP })).toEqual(['eyJhbGciOi.session.token', APP]);
  });

  test('reads the password (or user) of Basic credentials, for browsers', () => {
    const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
    expect(presentedKeys({ authorization: basic(`ops:${ADMIN}`) })).toEqual([ADMIN, 'ops']);
    expect(presentedKeys({ authorization: basic(`${ADMIN}:`) })).toEqual(['', ADMIN]);
    expect(presentedKeys({ authorization: basic('no colon') })).toEqual([]);
  });

  test('ignores other schemes and bounds how many candidates are hashed', () => {
    expect(presentedKeys({ authorization: `Token ${APP}` })).toEqual([]);
    expect(presentedKeys({ authorization: APP })).toEqual([]);
    expect(presentedKeys({ apikey: Array(50).fill(APP) as unknown as string }).length).toBeLessThanOrEqual(6);
  });
});

describe('accessFor', () => {
  test.each([
    ['GET', '/healthz', 'public'],
    ['HEAD', '/readyz', 'public'],
    ['GET', '/metrics', 'public'],
    ['GET', '/', 'public'],
    ['GET', '/assets/*', 'public'],
    ['GET', '/vendor/lightweight-charts.js', 'public'],
    ['OPTIONS', '*', 'public'],
    ['POST', '/healthz', 'admin'],
    ['POST', '/', 'admin'],
    ['GET', '/v1/chart', 'app'],
    ['HEAD', '/functions/v1/chart', 'app'],
    ['GET', '/no/such/route', 'app'],
    ['POST', '/v1/user-refresh', 'admin'],
    ['DELETE', '/v1/alerts', 'admin'],
    ['GET', '/admin/queues', 'admin'],
    ['GET', '/admin/queues/*', 'admin'],
    ['GET', '/v1/admin/backfills', 'admin'],
    ['GET', '/docs', 'admin'],
    ['GET', '/docs/json', 'admin'],
    ['GET', '/documents', 'app'],
    ['OPTIONS', '/v1/chart', 'admin'],
  ])('%s %s is %s', (method, path, access) => {
    expect(accessFor(method, path, {})).toBe(access);
  });

  test('route config widens a write to app keys, or narrows a read to admins', () => {
    expect(accessFor('POST', '/v1/user-refresh', { appMayCall: true })).toBe('app');
    expect(accessFor('GET', '/v1/secrets', { adminOnly: true })).toBe('admin');
    // An admin path stays admin whatever the route says.
    expect(accessFor('POST', '/admin/queues/api/x', { appMayCall: true })).toBe('admin');
  });
});
