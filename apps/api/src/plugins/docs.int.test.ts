import type { RouteOptions } from 'fastify';
import { createTestDatabase, startTestApp, TEST_KEYS, type TestApp, type TestDatabase } from '../testing/test-app';

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: unknown[];
  deprecated?: boolean;
}
type Spec = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
  security: unknown[];
};

let t: TestDatabase;
let h: TestApp;
let spec: Spec;
const routes: RouteOptions[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startTestApp({ db: t, kind: 'postgres', onRoute: (r) => routes.push(r) });
  const res = await h.app.inject('/docs/json');
  expect(res.statusCode).toBe(200);
  spec = res.json();
});

afterAll(async () => {
  await h?.close();
  await t?.drop();
});

const queryNames = (op: Operation | undefined) => (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
const schemaOf = (op: Operation | undefined, status: string) => op?.responses[status]?.content?.['application/json']?.schema;

test('the chart, market status and alerts with their query and response schemas', () => {
  const chart = spec.paths['/v1/chart']?.get;
  expect(queryNames(chart)).toEqual(expect.arrayContaining(['symbol', 'timeframe', 'start', 'end', 'adjustment']));
  expect(chart?.parameters?.find((p) => p.name === 'symbol')?.required).toBe(true);
  expect(schemaOf(chart, '200')).toMatchObject({ type: 'object', required: expect.arrayContaining(['symbol', 'bars', 'meta']) });
  expect(schemaOf(chart, '4XX')).toMatchObject({ properties: { error: { type: 'string' }, message: { type: 'string' } } });

  expect(queryNames(spec.paths['/v1/market-status']?.get)).toEqual(['symbol']);
  expect(schemaOf(spec.paths['/v1/market-status']?.get, '200')).toMatchObject({ properties: { market: expect.any(Object) } });
  expect(queryNames(spec.paths['/v1/alerts']?.get)).toEqual(['status']);
  expect(schemaOf(spec.paths['/v1/alerts']?.get, '200')).toMatchObject({ properties: { alerts: { type: 'array' } } });
  expect(queryNames(spec.paths['/v1/quality-findings']?.get)).toEqual(expect.arrayContaining(['symbol', 'limit', 'offset']));
});

test('the data-health, coverage, backfill and refresh routes with their parameters and bodies', () => {
  expect(queryNames(spec.paths['/v1/data-health']?.get)).toEqual(expect.arrayContaining(['symbol', 'timeframe']));
  expect(queryNames(spec.paths['/v1/coverage']?.get)).toEqual(expect.arrayContaining(['symbol', 'timeframe']));
  expect(spec.paths['/v1/backfills/{id}']?.get?.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'id', required: true })]);
  for (const path of ['/v1/user-refresh', '/v1/ensure-coverage', '/v1/admin/backfills']) {
    const op = spec.paths[path]?.post as (Operation & { requestBody?: { content: Record<string, { schema: { properties: object } }> } }) | undefined;
    expect(Object.keys(op?.requestBody?.content['application/json']?.schema.properties ?? {})).toContain(path === '/v1/admin/backfills' ? 'symbols' : 'symbol');
    expect(schemaOf(op, '200')).toMatchObject({ type: 'object' });
  }
});

test('the option routes: quotes by GET and POST (old path deprecated), the chain and the ranks', () => {
  const quotes = spec.paths['/v1/options-quotes'];
  expect(queryNames(quotes?.get)).toEqual(expect.arrayContaining(['symbol', 'contracts', 'expiration']));
  const post = quotes?.post as (Operation & { requestBody?: { content: Record<string, { schema: { properties: object } }> } }) | undefined;
  expect(Object.keys(post?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(['symbol', 'contracts', 'expiration']);
  expect(schemaOf(quotes?.get, '200')).toMatchObject({ properties: { quotes: { type: 'array' }, unknown_contracts: { type: 'array' } } });
  expect(spec.paths['/functions/v1/options-quotes']?.post?.deprecated).toBe(true);
  expect(queryNames(spec.paths['/v1/options/chain']?.get)).toEqual(['symbol', 'expiration']);
  expect(queryNames(spec.paths['/v1/options/ranks']?.get)).toEqual(['symbol', 'mode', 'limit']);
  expect(schemaOf(spec.paths['/v1/options/ranks']?.get, '200')).toMatchObject({ properties: { run: expect.any(Object), ranks: { type: 'array' } } });
});

test('every route with a schema is documented, with what it validates', () => {
  const documented = routes.filter((r) => r.schema && !(r.schema as { hide?: boolean }).hide && r.method !== 'HEAD');
  expect(documented.length).toBeGreaterThanOrEqual(8);
  for (const route of documented) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    for (const method of [route.method].flat()) {
      const op = spec.paths[path]?.[method.toLowerCase()];
      expect([method, path, op !== undefined]).toEqual([method, path, true]);
      const schema = route.schema as { querystring?: unknown; body?: unknown; response?: Record<string, unknown> };
      if (schema.querystring) expect([path, queryNames(op).length > 0]).toEqual([path, true]);
      if (schema.body) expect(op).toHaveProperty('requestBody');
      for (const status of Object.keys(schema.response ?? {})) {
        expect(Object.keys(op!.responses)).toContain(status.toUpperCase());
      }
    }
  }
});

test('Bull Board, the page and the docs themselves are left out', () => {
  const paths = Object.keys(spec.paths);
  expect(paths.filter((p) => p.startsWith('/admin/queues') || p.startsWith('/docs') || p.startsWith('/assets'))).toEqual([]);
  expect(paths).not.toContain('/');
});

test('documents the keys: bearer or either key header, and which routes need none', () => {
  expect(spec.components.securitySchemes).toEqual({
    bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    apikey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'apikey' }),
    xApiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
  });
  expect(spec.security).toEqual([{ bearer: [] }, { apikey: [] }, { xApiKey: [] }]);
  for (const probe of ['/healthz', '/readyz', '/metrics']) expect(spec.paths[probe]?.get?.security).toEqual([]);
  expect(spec.paths['/v1/chart']?.get?.security).toBeUndefined();
  expect(spec.paths['/functions/v1/chart']?.get?.deprecated).toBe(true);
});

test('the UI is served at /docs, to admin keys only', async () => {
  const ui = await h.app.inject('/docs');
  expect(ui.statusCode).toBe(200);
  expect(ui.headers['content-type']).toMatch(/^text\/html/);
  expect((await h.app.inject('/docs/yaml')).body).toMatch(/^openapi: 3\.1\.0/);
  const asApp = await h.app.inject({ url: '/docs/json', headers: { authorization: `Bearer ${TEST_KEYS.app}` } });
  expect(asApp.statusCode).toBe(403);
});
