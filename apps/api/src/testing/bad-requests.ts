// fast-check generators of requests a client gets wrong, for the fuzz test.
import fc from 'fast-check';
import type { FastifySchema, RouteOptions } from 'fastify';
import { parse as parseQuery } from 'node:querystring';

export type Role = 'none' | 'garbage' | 'app' | 'admin';

export interface FuzzRoute {
  methods: string[];
  url: string;
  schema?: FastifySchema;
  config: { appMayCall?: boolean; adminOnly?: boolean };
}

export interface BadRequest {
  route: FuzzRoute;
  method: string;
  role: Role;
  keyHeader: 'authorization' | 'apikey' | 'x-api-key';
  path: string;
  params: Record<string, string>;
  query: string;
  body?: { contentType?: string; payload: string; oversized?: boolean };
}

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isRead = (method: string) => READS.has(method);

/** Every byte outside the unreserved set percent-encoded, so any string makes a valid URL. */
export const enc = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');

export function fuzzRoutes(seen: readonly RouteOptions[]): FuzzRoute[] {
  return seen.map((r) => {
    const methods = [r.method].flat();
    // fast-check prints a counterexample through this, rather than the zod schemas inside.
    return { methods, url: r.url, schema: r.schema, config: r.config ?? {}, [fc.toStringMethod]: () => `${methods.join(',')} ${r.url}` };
  });
}

const tickers = (n: number) => Array.from({ length: n }, (_, i) => `S${i}`).join(',');

// Garbage path segments never equal a real queue name or a static segment (they start with `~`),
// and are never dot segments a URL parser would resolve into another route.
const segment = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => `~${enc(s)}`),
  fc.constantFrom('~%00', '~%E0%A4%A', '~%', `~${'x'.repeat(150)}`, '~%2F..%2F', '~;DROP%20TABLE'),
);

const absurd = fc.constantFrom(
  '0000-01-01', '0001-01-01', '9999-12-31', '2024-02-30', '2024-13-01', '2024-01-01T25:00:00Z', '+275760-09-13',
  '-271821-04-20', '1970-01-01T00:00:00Z', '2100-01-01T00:00:00+14:00', 'yesterday', '', ' ', 'null', '-1', '1e309',
  'NaN', 'Infinity', '99999999999999999999', '0x10', '1.5', 'true', '%00', '\u0000', 'AAPL\u0000', 'ÅÄÖ', '💥', 'x'.repeat(10_000),
  'm15,h1', 'D1', 'all', 'raw', 'open', '__proto__', 'constructor',
);

const value = fc.oneof(
  { arbitrary: absurd, weight: 4 },
  { arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map(tickers), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
);

const COMMON_PARAMS = ['symbol', 'symbols', 'timeframe', 'timeframes', 'start', 'end', 'from', 'to', 'limit', 'offset', 'status', 'kind', 'adjustment'];

function queryArb(route: FuzzRoute): fc.Arbitrary<string> {
  const shape = (route.schema?.querystring as { shape?: Record<string, unknown> } | undefined)?.shape;
  const names = fc.oneof(fc.constantFrom(...new Set([...Object.keys(shape ?? {}), ...COMMON_PARAMS])), fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor[prototype]', 'a[b]'));
  const pair = fc.tuple(names, value).map(([k, v]) => `${enc(k)}=${enc(v)}`);
  // Repeated parameters, pairs without `=`, stray separators and broken escapes.
  const raw = fc.constantFrom('&&', '=', '%', '%zz', 'symbol', 'symbol=AAPL&symbol=MSFT', 'start=2024-01-01&start=2024-02-01', '%00=%00');
  return fc.array(fc.oneof({ arbitrary: pair, weight: 4 }, { arbitrary: raw, weight: 1 }), { maxLength: 6 }).map((parts) => parts.join('&'));
}

function bodyArb(route: FuzzRoute, bodyLimit: number): fc.Arbitrary<BadRequest['body']> {
  const shape = (route.schema?.body as { shape?: Record<string, unknown> } | undefined)?.shape;
  const field = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.integer({ min: 500, max: 5_000 }).map((n) => Array(n).fill('AAPL')), absurd);
  const wrongTypes = fc.dictionary(fc.constantFrom(...Object.keys(shape ?? { symbol: 0, symbols: 0 })), field).map((o) => JSON.stringify(o));
  const malformed = fc.oneof(
    fc.constantFrom('{', '{"symbol":', '[1,2', 'nul', '{"a":1}}', "{'symbol':'AAPL'}", '{"__proto__":{"admin":true}}', '\u0000', `${'['.repeat(20_000)}${']'.repeat(20_000)}`),
    fc.string({ unit: 'binary', maxLength: 60 }),
  );
  const json = (payload: fc.Arbitrary<string>) => payload.map((p) => ({ contentType: 'application/json', payload: p }));
  return fc.oneof(
    fc.constant(undefined),
    json(malformed),
    json(wrongTypes),
    json(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null')),
    fc.constant({ contentType: 'application/json', payload: JSON.stringify({ symbol: 'AAPL', pad: 'x'.repeat(bodyLimit) }), oversized: true }),
    fc.record({
      contentType: fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/octet-stream', 'garbage', 'application/json, text/plain'),
      payload: fc.oneof(malformed, wrongTypes),
    }),
  );
}

export function badRequestArb(routes: readonly FuzzRoute[], bodyLimit: number): fc.Arbitrary<BadRequest> {
  return fc.constantFrom(...routes).chain((route) => {
    const paramNames = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    return fc.record({
      route: fc.constant(route),
      method: fc.oneof({ arbitrary: fc.constantFrom(...route.methods), weight: 4 }, { arbitrary: fc.constantFrom(...METHODS), weight: 1 }),
      role: fc.constantFrom<Role>('none', 'garbage', 'app', 'app', 'admin', 'admin'),
      keyHeader: fc.constantFrom('authorization' as const, 'apikey' as const, 'x-api-key' as const),
      params: fc.tuple(...paramNames.map(() => segment)).map((vs) => Object.fromEntries(paramNames.map((n, i) => [n, vs[i]!]))),
      wildcard: fc.array(segment, { maxLength: 3 }),
      query: queryArb(route),
      body: bodyArb(route, bodyLimit),
    }).map(({ wildcard, params, ...r }) => ({
      ...r,
      params,
      path: route.url
        .replace(/^\*$/, '/*')
        .replace(/:(\w+)/g, (_m, n: string) => params[n]!)
        .replace(/\*$/, wildcard.join('/')),
    }));
  });
}

type Parser = { safeParse?: (v: unknown) => { success: boolean } };
const rejects = (schema: unknown, candidates: unknown[]) => {
  const s = schema as Parser | undefined;
  return typeof s?.safeParse === 'function' && candidates.every((c) => !s.safeParse!(c).success);
};

/** Whether the route's own schemas refuse this request's body, query or path parameters. */
export function failsValidation(req: BadRequest): boolean {
  const schema = req.route.schema ?? {};
  if (req.body?.oversized) return true;
  const bodies: unknown[] = req.body ? [req.body.payload] : [undefined];
  if (req.body) {
    try {
      bodies.push(JSON.parse(req.body.payload));
    } catch {
      // Malformed JSON: with a JSON content type a 400 whatever the schema says.
      if (req.body.contentType === 'application/json') return true;
    }
  }
  const decodedParams = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, parseQuery(`v=${v}`).v]));
  return rejects(schema.body, bodies) || rejects(schema.querystring, [{ ...parseQuery(req.query) }]) || rejects(schema.params, [decodedParams]);
}
