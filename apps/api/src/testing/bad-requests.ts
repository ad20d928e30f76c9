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

/**
 * Dates at the edges of what each layer can represent: year 0 and 9999 (PostgreSQL and zod's
 * 4-digit years), ±275760/−271821 (a JavaScript Date's limits), the market's supported range and a
 * day either side of it, and leap days that are and are not.
 */
export const EDGE_DATES = [
  '0000-01-01', '0000-02-29', '0000-01-01T00:00:00Z', '0001-01-01', '0999-12-31', '9999-12-31', '9999-12-31T23:59:59.999Z',
  '+275760-09-13', '+275760-09-13T00:00:00Z', '+275760-09-14', '-271821-04-20T00:00:00Z', '-000001-01-01', '-0001-01-01',
  '1969-12-31T23:59:59Z', '1989-12-31', '1989-12-31T23:59:59Z', '1990-01-01', '1990-01-01T00:00:00+14:00', '2100-12-31',
  '2100-12-31T23:59:59Z', '2100-12-31T23:00:00-05:00', '2101-01-01', '2100-02-29', '2000-02-29', '1900-02-29', '2023-02-29',
  '2024-02-29', '2024-02-29T23:59:59-14:00', '2024-12-31T24:00:00Z', '2024-06-30T23:59:60Z', '20240102', '2024-1-2',
];

/** Numbers only plain decimal digits may spell; the rest read as numbers to `Number()` but must be refused. */
export const EDGE_NUMBERS = ['0x10', '1e3', ' 10', '10 ', '+10', '-0', '010', '0', '1_000', '10.0', '１０', '٣', '9007199254740993', '1e309', ''];

const value = fc.oneof(
  { arbitrary: absurd, weight: 4 },
  { arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map(tickers), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
);

const COMMON_PARAMS = ['symbol', 'symbols', 'timeframe', 'timeframes', 'start', 'end', 'from', 'to', 'limit', 'offset', 'status', 'kind', 'adjustment', 'contracts', 'expiration', 'mode'];

/** A valid value for each parameter and body field the routes know: the base a near miss edits. */
const VALID_QUERY: Record<string, string> = {
  symbol: 'AAPL', timeframe: 'd1', start: '2024-01-02', end: '2024-03-28', adjustment: 'split', limit: '10', offset: '0',
  window_days: '30', status: 'open', kind: 'gap', contracts: 'AAPL240119C00190000,AAPL240119P00190000', mode: 'entry',
};
const VALID_BODY: Record<string, unknown> = {
  symbol: 'AAPL', symbols: ['AAPL'], timeframe: 'd1', timeframes: ['d1'], from: '2024-01-02', to: '2024-01-05', window_days: 7,
  contracts: ['AAPL240119C00190000'],
};
const edgeValue = fc.oneof(fc.constantFrom(...EDGE_DATES), fc.constantFrom(...EDGE_NUMBERS), absurd);
const edgeBodyValue = fc.oneof(
  fc.constantFrom(...EDGE_DATES),
  fc.constantFrom(0, -1, 1.5, 1e3, 3661, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, '7', null, true, [], {}),
  fc.constantFrom(...EDGE_DATES).map((d) => [d]),
);

/**
 * Edits of a near miss: one or two fields set to edge values, or a range's two ends set to the same
 * edge date (a short range in year 0 passes every range check but the date's own).
 */
function editsArb<T>(names: readonly string[], value: fc.Arbitrary<T | string>): fc.Arbitrary<Array<[string, T | string]>> {
  const some = fc.array(fc.tuple(fc.constantFrom(...names), value), { minLength: 1, maxLength: 2 });
  const ranges = [['start', 'end'], ['from', 'to']].filter(([a, b]) => names.includes(a!) && names.includes(b!));
  if (ranges.length === 0) return some;
  const range = fc.tuple(fc.constantFrom(...ranges), fc.constantFrom(...EDGE_DATES)).map(([[a, b], d]): Array<[string, string]> => [[a!, d], [b!, d]]);
  return fc.oneof(some, range);
}

/** A request that is valid but for one or two parameters set to an edge value: it reaches the route's own checks. */
function nearMissQueryArb(names: readonly string[]): fc.Arbitrary<string> {
  return editsArb(names, edgeValue).map((edits) => {
    const q = Object.fromEntries(names.filter((n) => n in VALID_QUERY).map((n) => [n, VALID_QUERY[n]!]));
    for (const [k, v] of edits) q[k] = v;
    return Object.entries(q).map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  });
}

function nearMissBodyArb(names: readonly string[]): fc.Arbitrary<string> {
  return editsArb<unknown>(names, edgeBodyValue).map((edits) => {
    const b = Object.fromEntries(names.filter((n) => n in VALID_BODY).map((n) => [n, VALID_BODY[n]]));
    for (const [k, v] of edits) b[k] = v;
    return JSON.stringify(b);
  });
}

function queryArb(route: FuzzRoute): fc.Arbitrary<string> {
  const shape = (route.schema?.querystring as { shape?: Record<string, unknown> } | undefined)?.shape;
  const names = fc.oneof(fc.constantFrom(...new Set([...Object.keys(shape ?? {}), ...COMMON_PARAMS])), fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor[prototype]', 'a[b]'));
  const pair = fc.tuple(names, value).map(([k, v]) => `${enc(k)}=${enc(v)}`);
  // Repeated parameters, pairs without `=`, stray separators and broken escapes.
  const raw = fc.constantFrom('&&', '=', '%', '%zz', 'symbol', 'symbol=AAPL&symbol=MSFT', 'start=2024-01-01&start=2024-02-01', '%00=%00');
  const garbage = fc.array(fc.oneof({ arbitrary: pair, weight: 4 }, { arbitrary: raw, weight: 1 }), { maxLength: 6 }).map((parts) => parts.join('&'));
  const known = Object.keys(shape ?? {});
  return known.length === 0 ? garbage : fc.oneof({ arbitrary: garbage, weight: 2 }, { arbitrary: nearMissQueryArb(known), weight: 1 });
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
  const known = Object.keys(shape ?? {});
  return fc.oneof(
    fc.constant(undefined),
    ...(known.length > 0 ? [json(nearMissBodyArb(known)), json(nearMissBodyArb(known))] : []),
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

const DATE_FIELDS = ['start', 'end', 'from', 'to'];
const NUMBER_FIELDS = ['limit', 'offset', 'window_days'];

/**
 * Every date and number a route takes, in its query or body, set in turn to each edge value (and
 * each range to a one-day range at each edge date), the rest valid: a deterministic sweep of what
 * the random flood reaches only by luck. Sent with the admin key, which may call every route.
 */
export function edgeRequests(routes: readonly FuzzRoute[]): BadRequest[] {
  const out: BadRequest[] = [];
  for (const route of routes) {
    if (route.url.includes(':') || route.url.includes('*')) continue;
    const method = route.methods.includes('GET') ? 'GET' : route.methods[0]!;
    const base = { route, method, role: 'admin' as const, keyHeader: 'authorization' as const, path: route.url, params: {} };
    const queryNames = Object.keys((route.schema?.querystring as { shape?: object } | undefined)?.shape ?? {});
    const bodyNames = Object.keys((route.schema?.body as { shape?: object } | undefined)?.shape ?? {});
    const editsOf = (names: string[]) => [
      ...names.filter((n) => DATE_FIELDS.includes(n)).flatMap((n) => EDGE_DATES.map((d) => [[n, d]])),
      ...names.filter((n) => NUMBER_FIELDS.includes(n)).flatMap((n) => EDGE_NUMBERS.map((v) => [[n, v]])),
      ...[['start', 'end'], ['from', 'to']].filter(([a, b]) => names.includes(a!) && names.includes(b!))
        .flatMap(([a, b]) => EDGE_DATES.map((d) => [[a!, d], [b!, d]])),
    ];
    for (const edits of editsOf(queryNames)) {
      const q: Record<string, string> = Object.fromEntries(queryNames.filter((n) => n in VALID_QUERY).map((n) => [n, VALID_QUERY[n]!]));
      for (const [k, v] of edits) q[k!] = v!;
      out.push({ ...base, query: Object.entries(q).map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&') });
    }
    for (const edits of editsOf(bodyNames)) {
      const b: Record<string, unknown> = Object.fromEntries(bodyNames.filter((n) => n in VALID_BODY).map((n) => [n, VALID_BODY[n]]));
      // A body number is JSON: the edge strings are sent as the numbers they spell, where they spell one.
      for (const [k, v] of edits) b[k!] = NUMBER_FIELDS.includes(k!) && v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
      out.push({ ...base, query: '', body: { contentType: 'application/json', payload: JSON.stringify(b) } });
    }
  }
  return out;
}
