// Keys never reach the log, however they are sent and whether they are accepted or refused.
import { ensureSymbols } from '@marketfleet/db';
import type { InjectOptions } from 'fastify';
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createTestDatabase, startTestApp, startUnreachableApp, type TestApp, type TestDatabase } from '../testing/test-app';

/** Everything the app writes, at every level. */
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const logger = pino({ level: 'trace' }, sink);

const secret = (role: string) => `${role}-${randomBytes(16).toString('hex')}`;
const APP = secret('app');
const ADMIN = secret('admin');
const UNKNOWN = secret('unknown');
const config = { apiKeys: { app: [APP], admin: [ADMIN] }, rateLimit: { appPerMinute: 100_000, adminPerMinute: 100_000 }, userRefreshWaitMs: 0 };

let t: TestDatabase;
let h: TestApp;
let down: TestApp;
beforeAll(async () => {
  t = await createTestDatabase();
  await ensureSymbols(t.database.db, ['AAPL']);
  h = await startTestApp({ db: t, kind: 'postgres', key: null, config, logger });
  down = await startUnreachableApp({ logger, config });
});
afterAll(async () => {
  await h?.close();
  await down?.close();
  await t?.drop();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`operator:${key}`).toString('base64')}` });

test('a key sent every supported way, to routes that accept and refuse it, never appears in the log', async () => {
  const sent: Array<[string, number]> = [];
  const send = async (app: TestApp, opts: InjectOptions) => {
    const res = await app.app.inject(opts);
    sent.push([`${opts.method ?? 'GET'} ${opts.url}`, res.statusCode]);
    return res;
  };
  for (const key of [APP, ADMIN, UNKNOWN]) {
    // Headers: accepted on a read, refused (403 for an app key) on an admin route.
    await send(h, { url: '/v1/alerts', headers: bearer(key) });
    await send(h, { url: '/v1/admin/watchlist', headers: { apikey: key } });
    await send(h, { url: '/v1/market-status', headers: { 'x-api-key': key } });
    await send(h, { method: 'POST', url: '/v1/admin/nightly', headers: bearer(key), payload: {} });
    // Basic credentials for Bull Board and the docs.
    await send(h, { url: '/admin/queues', headers: basic(key) });
    await send(h, { url: '/docs/json', headers: basic(key) });
    // In the URL, which no route accepts: refused alone, and beside a valid header key.
    for (const param of ['apikey', 'api_key', 'key', 'token', 'access_token', 'secret', 'APIKEY', 'Token', '%61pikey']) {
      await send(h, { url: `/v1/alerts?${param}=${key}` });
      await send(h, { url: `/v1/chart?symbol=AAPL&${param}=${key}&timeframe=d1`, headers: bearer(ADMIN) });
      await send(h, { url: `/v1/chart?symbol=1BAD&${param}=${key}`, headers: bearer(ADMIN) });
      await send(h, { url: `/no/such/route?${param}=${key}`, headers: bearer(ADMIN) });
    }
    // In a JSON body: accepted, refused by role, refused as malformed.
    await send(h, { method: 'POST', url: '/v1/user-refresh', headers: bearer(APP), payload: { symbol: 'AAPL', apikey: key, token: key } });
    await send(h, { method: 'POST', url: '/v1/admin/backfills', headers: bearer(APP), payload: { symbols: ['AAPL'], apikey: key } });
    await send(h, { method: 'POST', url: '/v1/user-refresh', headers: { ...bearer(APP), 'content-type': 'application/json' }, payload: `{"symbol":"AAPL","apikey":"${key}"` });
    // Server errors log the request and the error in full: a database that is down.
    await send(down, { url: `/v1/chart?symbol=AAPL&apikey=${key}`, headers: bearer(ADMIN) });
    await send(down, { method: 'POST', url: '/v1/user-refresh', headers: bearer(APP), payload: { symbol: 'AAPL', secret: key } });
  }
  logger.flush();
  await new Promise((r) => setImmediate(r));

  // Every kind of answer was produced, so the log had every kind of line to leak into.
  const statuses = new Set(sent.map(([, s]) => s));
  for (const s of [200, 400, 401, 403, 404, 503]) expect(statuses).toContain(s);
  // Every request left a line naming its redacted URL, at debug or above: the check looks at something.
  const requestLines = lines.filter((l) => l.includes('"url"'));
  expect(requestLines.length).toBeGreaterThanOrEqual(sent.length);
  expect(requestLines.filter((l) => l.includes('=[redacted]')).length).toBeGreaterThanOrEqual(9 * 4 * 3);

  const log = lines.join('\n');
  for (const key of [APP, ADMIN, UNKNOWN]) {
    expect(log).not.toContain(key);
    expect(log).not.toContain(Buffer.from(`operator:${key}`).toString('base64'));
  }
}, 60_000);

test('at info, successes and the floods of 401, 404 and 429 write nothing; other 4xx and every 5xx a line each', async () => {
  const out: string[] = [];
  // The unreachable app's cache says once (and every 5 s) that it cannot subscribe: not a request's line.
  const perRequest = (l: string) => !l.includes('chart cache: cannot subscribe');
  const infoSink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(...chunk.toString('utf8').split('\n').filter(Boolean).filter(perRequest));
      done();
    },
  });
  const info = pino({ level: 'info' }, infoSink);
  const quiet = await startTestApp({ db: t, kind: 'postgres', key: null, config: { ...config, rateLimit: { appPerMinute: 5, adminPerMinute: 100_000 } }, logger: info });
  const broken = await startUnreachableApp({ logger: info, config });
  try {
    for (let i = 0; i < 50; i++) await quiet.app.inject({ url: `/v1/chart?symbol=AAPL&n=${i}`, headers: bearer(ADMIN) });
    for (let i = 0; i < 20; i++) await quiet.app.inject({ url: '/v1/alerts', headers: bearer(UNKNOWN), remoteAddress: `10.0.${i}.1` });
    for (let i = 0; i < 20; i++) await quiet.app.inject({ url: '/no/such/route', headers: bearer(ADMIN) });
    for (let i = 0; i < 20; i++) await quiet.app.inject({ url: '/v1/alerts', headers: bearer(APP) });
    expect(out).toEqual([]);
    await quiet.app.inject({ url: '/v1/chart?symbol=1BAD', headers: bearer(ADMIN) });
    await broken.app.inject({ url: '/v1/chart?symbol=AAPL', headers: bearer(ADMIN) });
    info.flush();
    await new Promise((r) => setImmediate(r));
    const parsed = out.map((l) => JSON.parse(l) as { level: number; msg: string; res?: { statusCode: number } });
    const requestLines = parsed.filter((l) => l.msg === 'request completed');
    expect(requestLines.map((l) => [l.level, l.res?.statusCode])).toEqual([[40, 400], [50, 503]]);
    // The 503's cause, once, with the error.
    expect(parsed.filter((l) => l.level === 50 && l.msg !== 'request completed')).toHaveLength(1);
  } finally {
    await quiet.close();
    await broken.close();
  }
});
