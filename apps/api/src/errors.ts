import type { FastifyError, FastifyInstance, FastifyBaseLogger } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';

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

export interface ErrorReply {
  status: number;
  body: ErrorBody;
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
  429: 'too_many_requests',
  431: 'headers_too_large',
};

function validationMessage(err: FastifyError): string {
  if (hasZodFastifySchemaValidationErrors(err)) {
    return err.validation
      .map((v) => {
        const param = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return param ? `${param}: ${v.message}` : v.message;
      })
      .join('; ');
  }
  return err.message;
}

/**
 * Maps anything thrown to a status and an `{ error, message }` body. Client errors keep their
 * message (it tells the caller what to fix); server errors are logged in full and answered with
 * a generic message, because their details (SQL, hosts, stack) are ours, not the caller's.
 */
export function toErrorReply(err: unknown, log: FastifyBaseLogger): ErrorReply {
  if (err instanceof NotFoundError) return { status: 404, body: { error: 'not_found', message: err.message } };
  if (err instanceof BadRequestError) return { status: 400, body: { error: 'bad_request', message: err.message } };
  const e = err as FastifyError;
  if (e && Array.isArray(e.validation)) {
    return { status: 400, body: { error: 'bad_request', message: validationMessage(e) } };
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, body: { error: CLIENT_ERRORS[status] ?? 'client_error', message: e.message } };
  }
  log.error({ err }, 'request failed');
  return { status: status >= 500 && status < 600 ? status : 500, body: { error: 'internal_error', message: 'Internal server error' } };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toErrorReply(err, req.log);
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: 'not_found', message: `Route not found: ${req.method} ${req.url.split('?')[0]}` }),
  );
}
