/**
 * Whether an error means a dependency (PostgreSQL, or the queue backend: Redis or PostgreSQL) could
 * not be reached or went away, rather than that a request or our code is wrong. Those are answered
 * 503 with a `retry-after`, as the caller may well succeed in a moment; anything else stays a 500.
 */

/** Socket-level failures Node reports, and postgres.js's own connection codes. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'ENETUNREACH', 'ENETDOWN', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
]);

/**
 * SQLSTATEs of a server that cannot serve now: connection exceptions (class 08), too many
 * connections, and a server shutting down, crashed, starting or in recovery (57P01–57P04).
 */
const UNAVAILABLE_SQLSTATE = /^(08\d{3}|53300|57P0[1-4])$/;

/** Errors that carry no code: node-postgres (the PostgreSQL queue backend) and ioredis say it in words. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|Connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect|Stream isn't writeable|Reached the max retries per request limit)/;

const UNAVAILABLE_NAMES = new Set(['MaxRetriesPerRequestError']);

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export function isDependencyUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 4 || err === null || typeof err !== 'object') return false;
  const e = err as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  if (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return true;
  if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  // A dual-stack connect fails as an AggregateError of one error per address.
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((x) => isDependencyUnavailable(x, depth + 1))) return true;
  return isDependencyUnavailable(e.cause, depth + 1);
}

/** What a client is told; which dependency, and why, goes to the log only. */
export const UNAVAILABLE_BODY = {
  error: 'unavailable',
  message: 'a service this request needs (the database or the queue) is unavailable; retry shortly',
} as const;

/** Seconds a client is asked to wait: about the time a database restart or a failover takes. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;
