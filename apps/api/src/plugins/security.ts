import fastifyCors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { urlPath } from '../url-path';

export interface SecurityOptions {
  /** Browser origins allowed to call; empty: same-origin only; '*': any. */
  corsOrigins: readonly string[];
}

/** What the old app's clients send: keys in any of the three headers, and supabase-js's x-client-info. */
const ALLOWED_HEADERS = ['authorization', 'apikey', 'x-api-key', 'content-type', 'x-client-info'];

/**
 * Where in a parsed value the first NUL character sits (`['a', 'b', '0']`), or null; bounded in
 * depth. The path is built only once one is found: every request passes through here.
 */
export function nulAt(value: unknown, depth = 0): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  // Parsed queries and JSON bodies hold only own, enumerable keys (query objects have no prototype).
  for (const k in value) {
    if (k.includes('\u0000')) return [k];
    const found = nulAt((value as Record<string, unknown>)[k], depth + 1);
    if (found) return [k, ...found];
  }
  return null;
}

/**
 * PostgreSQL text cannot hold NUL, so a NUL anywhere in what a client sends would fail the
 * query as a 500. No valid input has one; refuse it up front, naming the parameter.
 */
function refuseNul(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const inUrl = nulAt(req.params) ?? nulAt(req.query);
  const inBody = inUrl ? null : nulAt(req.body);
  if (!inUrl && !inBody) return done();
  const param = (inUrl ? inUrl : ['body', ...inBody!]).join('.').replaceAll('\u0000', '\\0');
  // Answered here: without `done`, nothing after this hook runs.
  void reply.code(400).send({ error: 'bad_request', message: `${param}: must not contain NUL characters` });
}

/**
 * The one inline style the page needs: the `<style>` lightweight-charts (5.2.1, pinned) adds for its
 * attribution logo, allowed by its hash rather than by 'unsafe-inline'. A library update that changes
 * that text is caught by the page test, which fails on any CSP violation.
 */
const CHART_LOGO_STYLE_HASH = "'sha256-3pRED1tOXas1FXFoPb9TGCjmYe9XQsmO9OV23khV2nY='";

/**
 * The chart page's policy: its scripts, styles and API calls come from this origin only (the chart
 * library is served from /vendor, not a CDN), nothing may frame it, and no plugin content runs.
 * `data:` images cover the empty favicon; lightweight-charts styles its canvases through the DOM,
 * which no style-src restricts.
 */
export const PAGE_CSP = [
  "default-src 'self'", "script-src 'self'", `style-src 'self' ${CHART_LOGO_STYLE_HASH}`, "img-src 'self' data:", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');
/** Everything else the API answers is data, never a document: nothing in it may run or load. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
/** Bull Board and Swagger UI are third-party pages with inline styles and scripts: they keep those, but are not framed. */
const TOOL_CSP = "frame-ancestors 'none'";

function cspFor(path: string): string {
  if (path === '/' || path === '/ml' || path.startsWith('/assets/') || path.startsWith('/vendor/')) return PAGE_CSP;
  if (path === '/docs' || path.startsWith('/docs/') || path === '/admin/queues' || path.startsWith('/admin/queues/')) return TOOL_CSP;
  return API_CSP;
}

/** On every response, errors and preflights included: no MIME sniffing, no framing, no referrer, a CSP. */
export function securityHeaders(req: FastifyRequest, reply: FastifyReply): void {
  const path = urlPath(req.url);
  void reply
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', cspFor(path));
}

/**
 * CORS, registered before auth so a preflight (which carries no key) is answered first and
 * a 401 still carries the CORS headers a browser needs to show it to the page; the security headers
 * of every response; and the NUL guard.
 */
export const security = fp<SecurityOptions>(
  async (app: FastifyInstance, { corsOrigins }) => {
    // onRequest, first of all, not onSend: the headers are set before anything can answer, so a
    // reply sent from an early hook (a preflight, a 401, a 429) carries them too.
    // Hooks take a callback rather than return a promise: no microtask per hook on every request.
    app.addHook('onRequest', (req, reply, done) => {
      securityHeaders(req, reply);
      done();
    });
    await app.register(fastifyCors, {
      origin: corsOrigins.includes('*') ? '*' : corsOrigins.length > 0 ? [...corsOrigins] : false,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
      maxAge: 600,
      // The strict check answers an OPTIONS without Origin in text/plain; every answer here is JSON.
      strictPreflight: false,
    });
    app.addHook('preValidation', refuseNul);
  },
  { name: 'security' },
);
