import { ensureSymbols, raiseAlerts, resolveAlerts, upsertFindings } from '@marketfleet/db';
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from '../testing/test-app';
import { AlertsResponse, FindingsResponse } from './alerts';

let t: TestDatabase;
let h: TestApp;
const get = (url: string) => h.app.inject({ method: 'GET', url });

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.database.db;
  const ids = await ensureSymbols(db, ['AAPL', 'MSFT']);
  const aapl = ids.get('AAPL')!;
  await upsertFindings(db, [
    { symbolId: aapl, timeframe: 'm15', sessionDate: '2024-07-10', kind: 'gap', detail: { missing: 4 } },
    { symbolId: aapl, timeframe: 'd1', sessionDate: '2024-07-11', kind: 'gap', detail: { missing: 1 } },
    { symbolId: aapl, timeframe: 'd1', sessionDate: null, kind: 'stale', detail: { lagMinutes: 2000 } },
    { symbolId: ids.get('MSFT')!, timeframe: 'd1', sessionDate: '2024-07-09', kind: 'price_jump', detail: { count: 1 } },
  ]);
  await raiseAlerts(db, [
    { key: 'gap:AAPL:m15', kind: 'gap', severity: 'warning', message: 'AAPL m15: missing bars' },
    { key: 'stale:AAPL:d1', kind: 'stale', severity: 'critical', message: 'AAPL d1: stale data' },
    { key: 'job-failing:bars-daily', kind: 'job-failing', severity: 'critical', message: 'bars-daily: 3 failed runs' },
  ]);
  await raiseAlerts(db, [{ key: 'gap:AAPL:m15', kind: 'gap', severity: 'warning', message: 'AAPL m15: missing bars' }]);
  await resolveAlerts(db, ['job-failing:bars-daily']);
  h = await startTestApp({ db: t, kind: 'postgres' });
});

afterAll(async () => {
  await h?.close();
  await t?.drop();
});

describe('GET /v1/alerts', () => {
  test('open alerts by default, one per key with its occurrences', async () => {
    const res = await get('/v1/alerts');
    expect(res.statusCode).toBe(200);
    const body = AlertsResponse.parse(res.json());
    expect(body.alerts.map((a) => [a.key, a.occurrences, a.severity]).sort()).toEqual([
      ['gap:AAPL:m15', 2, 'warning'],
      ['stale:AAPL:d1', 1, 'critical'],
    ]);
    expect(body.alerts.every((a) => a.resolvedAt === null)).toBe(true);
  });

  test('?status=all includes the resolved ones', async () => {
    const body = AlertsResponse.parse((await get('/v1/alerts?status=all')).json());
    expect(body.alerts.find((a) => a.key === 'job-failing:bars-daily')?.resolvedAt).toEqual(expect.any(String));
  });

  test('a bad status is a 400 naming it', async () => {
    const res = await get('/v1/alerts?status=closed');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'bad_request', message: "status: must be 'open' or 'all'" });
  });
});

describe('GET /v1/quality-findings', () => {
  const findings = async (query: string) => {
    const res = await get(`/v1/quality-findings${query}`);
    expect(res.statusCode).toBe(200);
    return FindingsResponse.parse(res.json());
  };

  test('open findings, filtered by symbol, timeframe and kind', async () => {
    expect((await findings('')).findings).toHaveLength(4);
    const aapl = await findings('?symbol=aapl');
    expect(aapl.findings.map((f) => `${f.kind} ${f.timeframe} ${f.sessionDate}`).sort()).toEqual([
      'gap d1 2024-07-11',
      'gap m15 2024-07-10',
      'stale d1 null',
    ]);
    expect((await findings('?symbol=AAPL&timeframe=d1&kind=gap')).findings).toEqual([
      expect.objectContaining({ symbol: 'AAPL', timeframe: 'd1', sessionDate: '2024-07-11', kind: 'gap', detail: { missing: 1 }, resolvedAt: null }),
    ]);
  });

  test('paged: nextOffset leads to the next page and is null on the last', async () => {
    const first = await findings('?limit=3');
    expect(first).toMatchObject({ limit: 3, offset: 0, nextOffset: 3 });
    const last = await findings('?limit=3&offset=3');
    expect(last).toMatchObject({ offset: 3, nextOffset: null });
    expect([...first.findings, ...last.findings].map((f) => f.id).sort()).toEqual((await findings('')).findings.map((f) => f.id).sort());
    expect((await findings('')).limit).toBe(100);
  });

  test('an unknown symbol is 404', async () => {
    const res = await get('/v1/quality-findings?symbol=ZZZZ');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: 'Symbol not found: ZZZZ' });
  });

  test.each([
    ['symbol=1ABC', /^symbol: must be a ticker/],
    ['symbol=A&symbol=B', /^symbol: must be a ticker, given once$/],
    ['timeframe=m5', /^timeframe: must be one of m15, h1, h4, d1, w1$/],
    ['kind=hole', /^kind: must be one of gap, outside_session/],
    ['status=any', /^status: must be 'open' or 'all'$/],
    ['limit=0', /^limit: must be an integer from 1 to 500$/],
    ['limit=501', /^limit: must be an integer from 1 to 500$/],
    ['limit=ten', /^limit: must be an integer from 1 to 500$/],
    ['limit=2.5', /^limit: must be an integer from 1 to 500$/],
    ['offset=-1', /^offset: must be an integer from 0 to/],
    // Only plain decimal digits: no hex, exponent, sign, blank or padding.
    ['limit=0x10', /^limit: must be an integer from 1 to 500$/],
    ['limit=1e2', /^limit: must be an integer from 1 to 500$/],
    ['limit=%2010', /^limit: must be an integer from 1 to 500$/],
    ['limit=%2B10', /^limit: must be an integer from 1 to 500$/],
    ['limit=', /^limit: must be an integer from 1 to 500$/],
    ['limit=10&limit=20', /^limit: must be an integer from 1 to 500, given once$/],
    ['offset=0x10', /^offset: must be an integer from 0 to/],
    ['offset=1e3', /^offset: must be an integer from 0 to/],
    ['offset=', /^offset: must be an integer from 0 to/],
  ])('400 for ?%s', async (query, message) => {
    const res = await get(`/v1/quality-findings?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
    expect(res.json().message).toMatch(message);
  });
});

test('metrics count open findings by kind and open alerts by severity', async () => {
  const body = (await get('/metrics')).body;
  expect(body).toMatch(/^marketfleet_quality_findings_open\{kind="gap"\} 2$/m);
  expect(body).toMatch(/^marketfleet_quality_findings_open\{kind="ohlc_invalid"\} 0$/m);
  expect(body).toMatch(/^marketfleet_alerts_open\{severity="critical"\} 1$/m);
  expect(body).toMatch(/^marketfleet_alerts_open\{severity="warning"\} 1$/m);
});
