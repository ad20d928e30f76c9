import fastifyCors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface SecurityOptions {
  /** Browser origins allowed to call; empty: same-origin only; '*': any. */
  corsOrigins: readonly string[];
}

/** What the old app's clients send: keys in any of the three headers, and supabase-js's x-client-info. */
const ALLOWED_HEADERS = ['authorization', 'apikey', 'x-api-key', 'content-type', 'x-client-info'];

/** Where in a parsed value the first NUL character sits (`a.b.0`), or null; bounded in depth. */
export function nulAt(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return [...path, k];
    const found = nulAt(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * PostgreSQL text cannot hold NUL, so a NUL anywhere in what a client sends would fail the
 * query as a 500. No valid input has one; refuse it up front, naming the parameter.
 */
async function refuseNul(req: FastifyRequest, reply: FastifyReply) {
  const parts: Array<[string, unknown]> = [['', req.params], ['', req.query], ['body', req.body]];
  for (const [prefix, value] of parts) {
    const at = nulAt(value);
    if (at) {
      const param = ([prefix, ...at].filter(Boolean).join('.') || 'body').replaceAll('\u0000', '\\0');
      return reply.code(400).send({ error: 'bad_request', message: `${param}: must not contain NUL characters` });
    }
  }
}

/**
 * CORS, registered before auth so a preflight (which carries no key) is answered first and
 * a 401 still carries the CORS headers a browser needs to show it to the page; and the NUL guard.
 */
export const security = fp<SecurityOptions>(
  async (app: FastifyInstance, { corsOrigins }) => {
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
