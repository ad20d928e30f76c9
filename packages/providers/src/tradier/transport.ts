import { fetchAttempt, type FetchAttemptOptions } from '../http/fetch-attempt';
import { requestWithRetry, type RetryContext } from '../http/retry';
import { tradierErrorMessage, tradierResetAt } from './parse';

export type TradierGet = <T>(ctx: RetryContext, path: string, q: Record<string, string>, parse: (text: string) => T, signal: AbortSignal | undefined) => Promise<T>;

/** A GET on Tradier's API with its auth, JSON answers, error bodies and rate-limit reset, retried. */
export function tradierGet(opts: { apiUrl: string; token: string; timeoutMs?: number }): TradierGet {
  const base = new URL(opts.apiUrl.replace(/\/*$/, '/'));
  const http: FetchAttemptOptions = {
    timeoutMs: opts.timeoutMs ?? 15_000,
    // Without Accept: application/json Tradier answers XML.
    headers: { Accept: 'application/json', Authorization: `Bearer ${opts.token}` },
    errorMessage: tradierErrorMessage,
    resetAt: tradierResetAt,
  };
  return (ctx, path, q, parse, signal) => {
    const u = new URL(path, base);
    u.search = new URLSearchParams(q).toString();
    const url = u.toString();
    return requestWithRetry(ctx, (s) => fetchAttempt(url, http, s), (ok) => parse(ok.text), signal);
  };
}
