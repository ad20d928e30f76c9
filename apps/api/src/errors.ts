import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { securityHeaders } from './plugins/security';
import { isDependencyUnavailable, UNAVAILABLE_BODY, UNAVAILABLE_RETRY_AFTER_S } from './unavailable';
import { urlPath } from './url-path';

/** The one error body every route answers with, so clients parse failures one way. */
export const ErrorBody = z.object({ error: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A resource the request names does not exist (404). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/**
 * A request that is well-formed but asks for something we refuse (400). `param` names the
 * query parameter to blame, so the message tells the caller which one to change.
 */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
  constructor(
    readonly param: string,
    detail: string,
  ) {
    super(`${param}: ${detail}`);
  }
}

/** A limit the caller reached (429); it lifts in `retryAfterS` seconds. */
export class TooManyRequestsError extends Error {
  override readonly name = 'TooManyRequestsError';
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super(message);
  }
}

export interface ErrorReply {
  status: number;
  body: ErrorBody;
  /** Seconds until a retry may succeed (429, 503). */
  retryAfterS?: number;
}

const CLIENT_ERRORS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  411: 'length_required',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
};

/**
 * Query and path parameters are named bare (`symbol: …`), as clients know them; a body's fields
 * carry `body.` so a message about `symbol` in a JSON body is not mistaken for the query's.
 */
function validationMessage(err: FastifyError): string {
  const context = err.validationContext;
  const prefix = context === 'body' || context === 'headers' ? context : '';
  if (hasZodFastifySchemaValidationErrors(err)) {
    return err.validation
      .map((v) => {
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const param = [prefix, path].filter(Boolean).join('.');
        return param ? `${param}: ${v.message}` : v.message;
      })
      .join('; ');
  }
  return err.message;
}

/** Fastify's own wording for body problems does not say which part of the request to fix. */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'body: is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body: is empty, but content-type says application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body: is larger than this server accepts',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'content-type: not supported; send application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'body: its size does not match content-length',
};

/**
 * Maps anything thrown to a status and an `{ error, message }` body. Client errors keep their
 * message (it tells the caller what to fix); server errors are logged in full and answered with
 * a generic message, because their details (SQL, hosts, stack) are ours, not the caller's.
 */
export function toErrorReply(err: unknown, log: FastifyBaseLogger): ErrorReply {
  if (err instanceof NotFoundError) return { status: 404, body: { error: 'not_found', message: err.message } };
  if (err instanceof BadRequestError) return { status: 400, body: { error: 'bad_request', message: err.message } };
  if (err instanceof TooManyRequestsError) {
    return { status: 429, body: { error: 'rate_limited', message: err.message }, retryAfterS: Math.max(1, Math.ceil(err.retryAfterS)) };
  }
  const e = err as FastifyError;
  if (e && Array.isArray(e.validation)) {
    return { status: 400, body: { error: 'bad_request', message: validationMessage(e) } };
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const message = (e.code && FRAMEWORK_MESSAGES[e.code]) || e.message || (CLIENT_ERRORS[status] ?? 'client error');
    return { status, body: { error: CLIENT_ERRORS[status] ?? 'client_error', message } };
  }
  if (isDependencyUnavailable(err)) {
    // The request's own line says 503; this one says which dependency failed, and how.
    log.error({ err }, 'request failed: a dependency is unavailable');
    return { status: 503, body: { ...UNAVAILABLE_BODY }, retryAfterS: UNAVAILABLE_RETRY_AFTER_S };
  }
  log.error({ err }, 'request failed');
  return { status: status >= 500 && status < 600 ? status : 500, body: { error: 'internal_error', message: 'Internal server error' } };
}

/**
 * Fastify's `frameworkErrors` option: a URL the router cannot decode (`/%zz`) or a path
 * parameter over the length limit is answered before any route runs, by default with
 * Fastify's own body shape; this keeps it ours.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  // Answered before any hook runs, so the headers every response carries are set here.
  void securityHeaders(req, reply);
  void sendError(reply, toErrorReply(err, req.log));
}

/** Sends an error reply; a 429 or 503 says when to come back. */
export function sendError(reply: FastifyReply, { status, body, retryAfterS }: ErrorReply): FastifyReply {
  if (retryAfterS !== undefined) void reply.header('retry-after', String(retryAfterS));
  return reply.status(status).send(body);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => sendError(reply, toErrorReply(err, req.log)));
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: 'not_found', message: `Route not found: ${req.method} ${urlPath(req.url)}` }),
  );
}
