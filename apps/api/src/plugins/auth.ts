import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppConfig } from '../env';
import { lazyChild } from './lazy-child-logger';
import { rateLimits } from './rate-limit';
import { urlPath } from '../url-path';

export type ApiRole = 'app' | 'admin';

export interface Caller {
  role: ApiRole;
  /** The first 8 hex digits of the key's SHA-256: names the key in logs and rate limits, reveals nothing. */
  keyId: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST/PUT/PATCH/DELETE route app keys may call too; GET and HEAD routes they always may. */
    appMayCall?: boolean;
    /** A GET route only admin keys may read. */
    adminOnly?: boolean;
  }
  interface FastifyRequest {
    /** Set from the key the request presented; null without a recognised one. */
    caller: Caller | null;
  }
}

export type ApiKeys = AppConfig['apiKeys'];

export const NO_KEYS_MESSAGE = 'no API keys are configured: set APP_API_KEYS and/or ADMIN_API_KEYS (comma-separated)';

/** Refuses a configuration that would lock every caller out, naming the variables to set. */
export function assertKeysConfigured(keys: ApiKeys): void {
  if (keys.app.length + keys.admin.length === 0) throw new Error(NO_KEYS_MESSAGE);
}

/** One-shot: a fraction of the cost of a Hash object, which every request would otherwise make. */
const sha256 = (s: string): Buffer => hash('sha256', s, 'buffer');

/** No configured key is this long; anything longer is not hashed at all. */
const MAX_KEY_LENGTH = 1024;

/**
 * Only digests are kept, so a heap dump holds no key. Every candidate is compared with
 * every key in constant time, without stopping at a match, so the time taken says
 * neither whether nor which key matched.
 */
export function keyRing(keys: ApiKeys): { identify(candidates: readonly string[]): Caller | null } {
  const ring = [
    ...keys.app.map((k) => ({ digest: sha256(k), role: 'app' as ApiRole })),
    ...keys.admin.map((k) => ({ digest: sha256(k), role: 'admin' as ApiRole })),
  ];
  return {
    identify(candidates) {
      let found: Caller | null = null;
      for (const candidate of candidates) {
        if (candidate.length === 0 || candidate.length > MAX_KEY_LENGTH) continue;
        const digest = sha256(candidate);
        for (const { digest: known, role } of ring) {
          const same = timingSafeEqual(digest, known);
          // A key listed as both app and admin is an admin key.
          if (same && found?.role !== 'admin') found = { role, keyId: digest.toString('hex', 0, 4) };
        }
      }
      return found;
    },
  };
}

const values = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Every key the request carries. Supabase clients send `apikey` with the project's key and
 * `Authorization: Bearer` with a user's session token, so each is tried, not only the first.
 * Basic credentials (any user, the key as password) let a browser open Bull Board and /docs.
 */
export function presentedKeys(headers: FastifyRequest['headers']): string[] {
  const keys: string[] = [];
  for (const auth of values(headers.authorization)) {
    const [scheme = '', value = ''] = auth.trim().split(/\s+/, 2);
    if (/^bearer$/i.test(scheme)) keys.push(value);
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) keys.push(decoded.slice(colon + 1), decoded.slice(0, colon));
    }
  }
  for (const name of ['apikey', 'x-api-key']) keys.push(...values(headers[name]).map((v) => v.trim()));
  return keys.slice(0, 6);
}

/**
 * `identify` for a request, remembered per connection: a client sends the same credentials on
 * every request of a kept-alive connection, and identifying them each time (hashing in OpenSSL
 * among them) was the largest cost of a cached chart's hooks. A request whose credentials equal,
 * byte for byte, those of the connection's previous request has the same caller; any other is
 * identified afresh. A proxy may carry several clients' requests on one connection, so the
 * comparison runs in constant time like the key ring's: it tells a request only the length of
 * what came before it. The trade: the credentials of each open connection's last request stay in
 * memory while it is open, as a request's own headers do while it runs.
 */
export function callerMemo(ring: ReturnType<typeof keyRing>): (raw: IncomingMessage) => Caller | null {
  const last = new WeakMap<Socket, { credentials: Buffer; caller: Caller | null }>();
  return (raw) => {
    const h = raw.headers;
    const [authorization, apikey, xApiKey] = [h.authorization, h.apikey, h['x-api-key']];
    // Repeated headers arrive as arrays, which are not remembered (a joined array could read as one value).
    const socket = raw.socket as Socket | null;
    if (!socket || typeof apikey === 'object' || typeof xApiKey === 'object') return ring.identify(presentedKeys(h));
    const credentials = Buffer.from(`${authorization ?? ''}\n${apikey ?? ''}\n${xApiKey ?? ''}`);
    const seen = last.get(socket);
    if (seen && seen.credentials.length === credentials.length && timingSafeEqual(seen.credentials, credentials)) return seen.caller;
    const caller = ring.identify(presentedKeys(h));
    last.set(socket, { credentials, caller });
    return caller;
  };
}

export type Access = 'public' | ApiRole;

// Probes, the scrape and the pages (which hold no data and ask for a key) need none.
const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/', '/ml']);
const PUBLIC_PREFIXES = ['/assets/', '/vendor/'];
/** Kubelet and Prometheus call these every few seconds from one address; a 429 would fail a pod. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

const isDocs = (path: string) => path === '/docs' || path.startsWith('/docs/');
/** Any `admin` segment marks an operator's route: Bull Board's and the admin triggers. */
const isAdminPath = (path: string) => isDocs(path) || path.split('/').includes('admin');

/**
 * Who may call a route. `path` is the matched route's pattern, so `/assets/../v1/chart` is
 * judged by the route it reached, not by how its URL begins; for unknown URLs, the URL path.
 */
export function accessFor(method: string, path: string, config: { appMayCall?: boolean; adminOnly?: boolean }): Access {
  const read = method === 'GET' || method === 'HEAD';
  // Preflights carry no credentials by design; CORS answers them before any route runs.
  if (method === 'OPTIONS' && (path === '*' || !path.startsWith('/'))) return 'public';
  if (read && (PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p)))) return 'public';
  if (config.adminOnly || isAdminPath(path)) return 'admin';
  return read || config.appMayCall ? 'app' : 'admin';
}

export const routePath = (req: FastifyRequest): string => req.routeOptions.url ?? urlPath(req.url);

/** A browser asks for credentials only when challenged with Basic; API clients get Bearer. */
const challenge = (path: string) =>
  isDocs(path) || path.startsWith('/admin/queues') ? 'Basic realm="marketfleet admin", charset="UTF-8"' : 'Bearer';

function deny(reply: FastifyReply, status: 401 | 403, message: string, path: string): void {
  if (status === 401) void reply.header('www-authenticate', challenge(path));
  void reply.code(status).send({ error: status === 401 ? 'unauthorized' : 'forbidden', message });
}

export interface AuthOptions {
  apiKeys: ApiKeys;
  rateLimit: AppConfig['rateLimit'];
}

/**
 * Keys and rate limits for every route, in three steps: who is calling, whether they are
 * over their limit, whether they may call this route. The limit comes before the refusal
 * so guessing keys is throttled too (by address, as such requests name no key).
 */
export const auth = fp<AuthOptions>(
  async (app: FastifyInstance, { apiKeys, rateLimit }) => {
    assertKeysConfigured(apiKeys);
    const ring = keyRing(apiKeys);
    app.decorateRequest('caller', null);

    const callerOf = callerMemo(ring);
    // The caller is identified where Fastify makes the request's logger, so every line of the
    // request, the completion line included, names the key without a second child logger.
    app.setChildLoggerFactory((logger, bindings, opts, raw) => {
      const caller = callerOf(raw);
      return lazyChild(logger, caller ? { ...bindings, apiKeyId: caller.keyId } : bindings, opts);
    });
    // Callback hooks, not promises: no microtask per hook on every request.
    app.addHook('onRequest', (req, _reply, done) => {
      req.caller = callerOf(req.raw);
      done();
    });

    await app.register(rateLimits, { ...rateLimit, exempt: (req) => PROBES.has(routePath(req)) });

    app.addHook('onRequest', (req, reply, done) => {
      const path = routePath(req);
      const access = accessFor(req.method, path, req.routeOptions.config);
      if (access === 'public' || (req.caller && (access === 'app' || req.caller.role === 'admin'))) return done();
      // Refused here: without `done`, nothing after this hook runs.
      if (!req.caller) {
        const presented = presentedKeys(req.headers).some((k) => k.length > 0);
        deny(
          reply,
          401,
          presented
            ? 'the API key is not recognised'
            : 'an API key is required: send Authorization: Bearer <key>, or an apikey or x-api-key header',
          path,
        );
      } else {
        deny(reply, 403, `${req.method} ${path} needs an admin key`, path);
      }
    });
  },
  { name: 'auth' },
);
