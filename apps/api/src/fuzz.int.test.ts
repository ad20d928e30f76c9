// Throws generated bad requests at every route: no answer may be a 5xx, every error must be
// {error, message}, and nothing may change in the database or the queues.
import { ensureSymbols, raiseAlerts, upsertBars, upsertFindings } from '@marketfleet/db';
import { ALL_QUEUES } from '@marketfleet/jobs';
import { marketClock } from '@marketfleet/market';
import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { accessFor } from './plugins/auth';
import { badRequestArb, edgeRequests, failsValidation, fuzzRoutes, isRead, type BadRequest, type FuzzRoute } from './testing/bad-requests';
import { createTestDatabase, startTestApp, TEST_CONFIG, TEST_KEYS, type TestApp, type TestDatabase } from './testing/test-app';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const DAY = 86_400_000;

let t: TestDatabase;
let h: TestApp;
let queues: Array<ReturnType<TestApp['backend']['queue']>> = [];
const seen: RouteOptions[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.database.db;
  const ids = await ensureSymbols(db, ['AAPL', 'MSFT']);
  const now = new Date();
  const starts = marketClock.expectedBars('d1', new Date(now.getTime() - 60 * DAY), marketClock.lastClosedBar('d1', now)!);
  await upsertBars(
    db,
    starts.map((ts, i) => ({
      symbolId: ids.get('AAPL')!, timeframe: 'd1' as const, ts, open: 100 + i, high: 102 + i, low: 99 + i, close: 101 + i,
      volume: 1000, vwap: null, tradeCount: null, provider: 'sim', status: 'verified' as const, fetchedAt: now,
    })),
  );
  await upsertFindings(db, [{ symbolId: ids.get('AAPL')!, timeframe: 'd1', sessionDate: '2024-07-10', kind: 'gap', detail: { missing: 1 } }]);
  await raiseAlerts(db, [{ key: 'gap:AAPL:d1', kind: 'gap', severity: 'warning', message: 'AAPL d1: missing bars' }]);
  h = await startTestApp({ db: t, kind: 'postgres', key: null, onRoute: (r) => seen.push(r) });
  queues = ALL_QUEUES.map((name) => h.backend.queue(name));
  await queues[0]!.add('bars-daily', { symbols: ['AAPL'] }, { jobId: 'fuzz-waiting' });
});

afterAll(async () => {
  await queues[0]?.obliterate({ force: true }).catch(() => undefined);
  await Promise.all(queues.map((q) => q.close()));
  await h?.close();
  await t?.drop();
});

/** Row counts of every table (BullMQ's own included: the queues live in PostgreSQL here) and job counts. */
async function snapshot(): Promise<Record<string, unknown>> {
  const { sql } = t.database;
  const tables = await sql<{ s: string; t: string }[]>`
    select table_schema as s, table_name as t from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`;
  const quote = (id: string) => `"${id.replaceAll('"', '""')}"`;
  const out: Record<string, unknown> = {};
  for (const { s, t: table } of tables) {
    const [row] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${quote(s)}.${quote(table)}`);
    out[`${s}.${table}`] = row?.n;
  }
  for (const q of queues) {
    out[`queue ${q.name}`] = { ...(await q.getJobCounts()), paused: await q.isPaused() };
  }
  return out;
}

const isBoard = (route: FuzzRoute) => route.url.startsWith('/admin/queues');
const KEYS = { none: null, garbage: 'not-a-key-0000000000000000', app: TEST_KEYS.app, admin: TEST_KEYS.admin } as const;

/**
 * The generated requests are meant to be invalid; a write is sent only when it is sure to be
 * refused (no valid key, the wrong role, a body, query or path its route's schemas reject, an
 * unknown queue), so any change the snapshot sees is a bug, not a valid request.
 */
function maySucceedAsWrite(req: BadRequest): boolean {
  if (isRead(req.method) || req.role === 'none' || req.role === 'garbage') return false;
  if (!req.route.methods.includes(req.method)) return true;
  if (req.role === 'app' && accessFor(req.method, req.route.url, req.route.config) === 'admin') return false;
  if (isBoard(req.route)) return !req.route.url.includes(':queueName');
  return !failsValidation(req);
}

function send(req: BadRequest) {
  const key = KEYS[req.role];
  const headers: Record<string, string> = {};
  if (key) headers[req.keyHeader] = req.keyHeader === 'authorization' ? `Bearer ${key}` : key;
  if (req.body?.contentType) headers['content-type'] = req.body.contentType;
  const url = req.query ? `${req.path}?${req.query}` : req.path;
  return h.app.inject({ method: req.method as 'GET', url, headers, ...(req.body ? { payload: req.body.payload } : {}) });
}

function describeRequest(req: BadRequest, status: number, body: string): string {
  const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);
  return `${req.method} ${clip(req.path)}?${clip(req.query)} as ${req.role} (body ${clip(req.body?.payload ?? '-')}) → ${status} ${clip(body)}`;
}

/** Throws unless the answer is below 500 and, for a 4xx of ours, exactly {error, message}. */
function check(req: BadRequest, res: { statusCode: number; body: string }): void {
  if (res.statusCode >= 500) throw new Error(`5xx: ${describeRequest(req, res.statusCode, res.body)}`);
  // Bull Board's own answers keep its shape, and a HEAD answer has no body.
  if (res.statusCode < 400 || isBoard(req.route) || req.method === 'HEAD') return;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new Error(`not JSON: ${describeRequest(req, res.statusCode, res.body)}`);
  }
  const ok = typeof body === 'object' && body !== null && Object.keys(body).sort().join() === 'error,message' &&
    Object.values(body).every((v) => typeof v === 'string');
  if (!ok) throw new Error(`not {error, message}: ${describeRequest(req, res.statusCode, res.body)}`);
}

test('every date and number at the edges of representable time and number syntax is answered below 500 and changes nothing', async () => {
  const requests = edgeRequests(fuzzRoutes(seen));
  // The chart (both paths), data-health (both), quality-findings, coverage, admin backfills (list and
  // trigger) and ensure-coverage (both) take dates or numbers.
  expect(new Set(requests.map((r) => r.route.url)).size).toBeGreaterThanOrEqual(9);
  const before = await snapshot();
  let sent = 0;
  for (const req of requests) {
    if (maySucceedAsWrite(req)) continue;
    check(req, await send(req));
    sent++;
  }
  expect(sent).toBeGreaterThan(500);
  expect(await snapshot()).toEqual(before);
}, 60_000);

test('a generated flood of bad requests gets 4xx answers in the error body and changes nothing', async () => {
  const routes = fuzzRoutes(seen);
  expect(routes.length).toBeGreaterThan(20);
  const before = await snapshot();
  const perRoute = new Map<FuzzRoute, number>();
  const statuses = new Map<number, number>();
  let sent = 0;
  let keyedWrites = 0;
  const started = performance.now();

  await fc.assert(
    fc.asyncProperty(badRequestArb(routes, TEST_CONFIG.bodyLimitBytes), async (req) => {
      fc.pre(!maySucceedAsWrite(req));
      const res = await send(req);
      sent++;
      if (!isRead(req.method) && (req.role === 'app' || req.role === 'admin')) keyedWrites++;
      perRoute.set(req.route, (perRoute.get(req.route) ?? 0) + 1);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      check(req, res);
    }),
    { numRuns: RUNS, maxSkipsPerRun: 1_000 },
  );

  const seconds = (performance.now() - started) / 1000;
  expect(sent).toBeGreaterThanOrEqual(Math.min(RUNS, 1_000));
  expect(keyedWrites).toBeGreaterThan(sent / 20);
  // Every route was hit, each method of it included.
  expect(routes.filter((r) => !perRoute.has(r)).map((r) => `${r.methods.join(',')} ${r.url}`)).toEqual([]);
  expect(await snapshot()).toEqual(before);
  // Left in the output: the run's size and what it got back.
  process.stdout.write(`fuzz: ${sent} requests (${keyedWrites} writes with a valid key) over ${routes.length} routes in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
}, 120_000);
