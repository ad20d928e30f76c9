import type { ProviderAttempt } from './types';

/**
 * Provider failures, classified so callers can decide between retrying the job and failing it for
 * good without knowing which provider they talked to.
 */
export class ProviderError extends Error {
  readonly provider: string;
  readonly retryable: boolean;
  /** The provider's request id, when it sent one; it cannot be looked up later, so keep it in logs. */
  readonly requestId: string | undefined;
  /** Set by the provider router when every provider failed: the ones tried before this one. */
  attempts?: ProviderAttempt[];

  constructor(provider: string, message: string, opts: { retryable: boolean; requestId?: string; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.provider = provider;
    this.retryable = opts.retryable;
    this.requestId = opts.requestId;
  }
}

/** 401/403: credentials or plan problem; retrying cannot help. The message is the server's. */
export class ProviderAuthError extends ProviderError {
  readonly status: number;

  constructor(provider: string, message: string, opts: { status: number; requestId?: string }) {
    super(provider, message, { retryable: false, requestId: opts.requestId });
    this.status = opts.status;
  }
}

/** 400/422: the request itself is wrong; the same request would fail again. */
export class ProviderRequestError extends ProviderError {
  readonly status: number;
  readonly code: number | string | undefined;
  /** Parsed from `invalid symbol: X`, so a batch can be retried without X. */
  readonly invalidSymbol: string | undefined;

  constructor(
    provider: string,
    message: string,
    opts: { status: number; code?: number | string; requestId?: string },
  ) {
    super(provider, message, { retryable: false, requestId: opts.requestId });
    this.status = opts.status;
    this.code = opts.code;
    this.invalidSymbol = parseInvalidSymbol(message);
  }
}

/** 429 beyond the wait budget; retry no earlier than `retryAt`. */
export class ProviderRateLimitError extends ProviderError {
  readonly retryAt: Date;

  constructor(provider: string, message: string, opts: { retryAt: Date; requestId?: string }) {
    super(provider, message, { retryable: true, requestId: opts.requestId });
    this.retryAt = opts.retryAt;
  }
}

/** 5xx, network errors or timeouts that outlasted the client's own retries. */
export class ProviderUnavailableError extends ProviderError {
  readonly lastStatus: number | 'network' | 'timeout';

  constructor(
    provider: string,
    message: string,
    opts: { lastStatus: number | 'network' | 'timeout'; requestId?: string; cause?: unknown },
  ) {
    super(provider, message, { retryable: true, requestId: opts.requestId, cause: opts.cause });
    this.lastStatus = opts.lastStatus;
  }
}

/** A 200 whose body was malformed or truncated on every attempt. */
export class ProviderResponseError extends ProviderError {
  constructor(provider: string, message: string, opts: { requestId?: string; cause?: unknown } = {}) {
    super(provider, message, { retryable: true, requestId: opts.requestId, cause: opts.cause });
  }
}

const INVALID_SYMBOL = /^invalid symbol:\s*(\S+)\s*$/i;

export function parseInvalidSymbol(message: string): string | undefined {
  return INVALID_SYMBOL.exec(message)?.[1];
}
