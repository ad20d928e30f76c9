import {
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderResponseError,
  ProviderUnavailableError,
} from '../errors';
import type { ProviderHooks } from '../types';
import { MalformedBodyError, type Attempt, type OkAttempt } from './attempt';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicy {
  /** Retries after 5xx, network errors, timeouts and malformed bodies. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time spent waiting out 429s in one request before giving up. */
  rateLimitBudgetMs: number;
  sleep: Sleep;
  random: () => number;
  now: () => number;
}

/** The knobs every HTTP provider takes, so they read the same in config and tests. */
export interface RetryOptions {
  maxRetries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  rateLimitBudgetMs?: number;
  sleep?: Sleep;
}

export interface RetryContext {
  provider: string;
  hooks: ProviderHooks;
  policy: RetryPolicy;
  /** Incremented per HTTP attempt; reported as BarsResult.requests. */
  requests: number;
}

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function retryPolicy(opts: RetryOptions): RetryPolicy {
  return {
    maxRetries: opts.maxRetries ?? 4,
    baseDelayMs: opts.retryBaseDelayMs ?? 500,
    maxDelayMs: opts.retryMaxDelayMs ?? 20_000,
    rateLimitBudgetMs: opts.rateLimitBudgetMs ?? 120_000,
    sleep: opts.sleep ?? defaultSleep,
    random: Math.random,
    now: Date.now,
  };
}

// Statuses that say "try again later" rather than "this request is wrong".
const TRANSIENT = new Set([408, 425, 500, 502, 503, 504]);
const RATE_LIMIT_JITTER_MS = 250;

function backoff(policy: RetryPolicy, attempt: number): number {
  // Full jitter: spreads a fleet of workers that failed together so they don't retry together.
  return policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

/**
 * Sends one logical request and parses its answer, retrying what is worth retrying. 429 waits
 * follow the API's reset time when it gives one and are bounded by time rather than by count,
 * because a busy quota is expected, not a fault. `parse` throws MalformedBodyError for a body
 * that is not the expected shape; that is retried like a 5xx.
 */
export async function requestWithRetry<T>(
  ctx: RetryContext,
  send: (signal?: AbortSignal) => Promise<Attempt>,
  parse: (ok: OkAttempt) => T,
  signal?: AbortSignal,
): Promise<T> {
  const { policy, hooks, provider } = ctx;
  let failures = 0;
  let rateLimited = 0;
  let rateWaitedMs = 0;
  for (;;) {
    signal?.throwIfAborted();
    await hooks.beforeRequest?.(provider);
    ctx.requests++;
    const started = policy.now();
    const attempt = await send(signal);
    const durationMs = policy.now() - started;
    const status = attempt.kind === 'ok' || attempt.kind === 'http' ? attempt.status : attempt.kind;
    const requestId = attempt.kind === 'ok' || attempt.kind === 'http' ? attempt.requestId : undefined;
    hooks.onResponse?.({ provider, status, durationMs, ...(requestId === undefined ? {} : { requestId }) });

    let failure: { message: string; lastStatus: number | 'network' | 'timeout'; malformed: boolean; cause?: unknown };
    if (attempt.kind === 'ok') {
      try {
        return parse(attempt);
      } catch (e) {
        if (!(e instanceof MalformedBodyError)) throw e;
        failure = { message: e.message, lastStatus: attempt.status, malformed: true, cause: e };
      }
    } else if (attempt.kind === 'http') {
      const { status: code, message } = attempt;
      if (code === 401 || code === 403) throw new ProviderAuthError(provider, message, { status: code, requestId });
      if (code === 429) {
        rateLimited++;
        const untilReset = attempt.resetAt ? attempt.resetAt.getTime() - policy.now() : 0;
        const waitMs = Math.max(
          attempt.resetAt ? Math.max(0, untilReset) + policy.random() * RATE_LIMIT_JITTER_MS : 0,
          // Without a reset header, or when the reset came and went, back off instead.
          attempt.resetAt && rateLimited === 1 ? 0 : backoff(policy, rateLimited - 1),
        );
        if (rateWaitedMs + waitMs > policy.rateLimitBudgetMs) {
          throw new ProviderRateLimitError(provider, `rate limited: ${message}`, {
            retryAt: new Date(policy.now() + waitMs),
            requestId,
          });
        }
        rateWaitedMs += waitMs;
        await policy.sleep(waitMs, signal);
        continue;
      }
      if (!TRANSIENT.has(code) && code < 500) {
        throw new ProviderRequestError(provider, message, { status: code, code: attempt.code, requestId });
      }
      failure = { message: `HTTP ${code}: ${message}`, lastStatus: code, malformed: false };
    } else {
      failure = {
        message: attempt.kind === 'timeout' ? 'request timed out' : `network error: ${errorText(attempt.error)}`,
        lastStatus: attempt.kind,
        malformed: false,
        cause: attempt.error,
      };
    }

    if (failures >= policy.maxRetries) {
      const msg = `${failure.message} (after ${failures + 1} attempts)`;
      if (failure.malformed) throw new ProviderResponseError(provider, msg, { requestId, cause: failure.cause });
      throw new ProviderUnavailableError(provider, msg, { lastStatus: failure.lastStatus, requestId, cause: failure.cause });
    }
    await policy.sleep(backoff(policy, failures), signal);
    failures++;
  }
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? `${cause.message}${cause.cause instanceof Error ? `: ${cause.cause.message}` : ''}` : '';
  return inner ? `${err.message} (${inner})` : err.message;
}
