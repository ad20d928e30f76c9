import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { urlPath } from '../url-path';

/**
 * Query parameters whose value is a credential, compared case-insensitively after decoding. No
 * route takes a key in the URL (it would end up in proxies' and browsers' histories), but clients
 * send them there anyway, and the refused request is logged like any other.
 */
const SECRET_PARAMS = new Set([
  'apikey', 'api_key', 'api-key', 'x-api-key', 'key', 'token', 'access_token', 'refresh_token', 'id_token',
  'secret', 'client_secret', 'password', 'authorization', 'auth',
]);

export const REDACTED = '[redacted]';

function isSecretName(raw: string): boolean {
  let name: string;
  try {
    name = decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    // A name that does not decode cannot be judged, so its value is not logged either.
    return true;
  }
  // `apikey[]` and `apikey[0]` are the same parameter to many parsers.
  return SECRET_PARAMS.has(name.trim().toLowerCase().replace(/\[.*$/, ''));
}

/** The URL with the value of every credential-bearing query parameter replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && isSecretName(name) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q + 1)}${pairs.join('&')}`;
}

/**
 * Fastify's own `req` serializer, but with the URL redacted: every line that names a request
 * (Fastify's, a handler's, ours) goes through it. Headers are never serialized.
 */
export const requestSerializers = {
  req: (req: FastifyRequest) => ({
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
};

/** Probes and the scrape come every few seconds; their successes are logged at trace only. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
/** A success this slow is worth seeing without debug logs. */
const SLOW_MS = 1_000;

export type RequestLogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * One line per request, at a level a production operator can afford to keep at `info`:
 * - 5xx: error, always (the error itself is logged with its stack by the error handler);
 * - 401, 404 and 429: debug. They are what scanners, key guessing and clients over their limit
 *   send in floods from outside, each needs no action, and all are counted by status in
 *   `marketfleet_http_requests_total`: a rise is for an alert on the metric, not a log search;
 * - other 4xx (400, 403, 405, 413, 415…): warn. They come from a caller that holds a key (auth and
 *   the rate limit run first), so their volume is bounded by that key's limit, and each means a
 *   client we serve is calling us wrong;
 * - successes: debug, or info when slower than a second; probes at trace.
 */
export function requestLogLevel(status: number, path: string, ms: number): RequestLogLevel {
  if (status >= 500) return 'error';
  if (status === 401 || status === 404 || status === 429) return 'debug';
  if (status >= 400) return 'warn';
  if (QUIET_PATHS.has(path)) return 'trace';
  return ms >= SLOW_MS ? 'info' : 'debug';
}

/** Replaces Fastify's two lines a request (both at info) with the one above. */
export const requestLog = fp(
  async (app: FastifyInstance) => {
    // A callback hook, not a promise: no microtask on every request.
    app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const ms = reply.elapsedTime;
      const level = requestLogLevel(reply.statusCode, urlPath(req.url), ms);
      req.log[level]({ req, res: reply, responseTime: Math.round(ms * 10) / 10 }, ms >= SLOW_MS && reply.statusCode < 400 ? 'slow request' : 'request completed');
      done();
    });
  },
  { name: 'request-log' },
);
