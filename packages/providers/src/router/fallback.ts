import {
  ProviderAuthError,
  ProviderError,
  ProviderRateLimitError,
  ProviderRequestError,
} from '../errors';
import type { ProviderAttempt } from '../types';

export interface FallbackInfo {
  from: string;
  /** The provider asked next, or null when none is left. */
  to: string | null;
  error: ProviderError;
}

export interface ProviderRouterOptions {
  onFallback?(info: FallbackInfo): void;
  /**
   * How long a provider that failed with auth or quota is skipped, so every request doesn't pay
   * for its failure again. A rate limit is skipped until its retryAt when that is later. Default
   * 60 s; 0 turns skipping off.
   */
  coolDownMs?: number;
  now?: () => number;
}

interface CoolDown {
  until: number;
  error: ProviderAuthError | ProviderRateLimitError;
}

const describe = (err: Error) => `${err.name}: ${err.message}`;

/** A fresh error for a skipped provider: the cached one belongs to an earlier request. */
function coolingError(c: CoolDown): ProviderError {
  const { error } = c;
  if (error instanceof ProviderAuthError) {
    return new ProviderAuthError(error.provider, error.message, { status: error.status, requestId: error.requestId });
  }
  return new ProviderRateLimitError(error.provider, error.message, { retryAt: new Date(c.until), requestId: error.requestId });
}

/**
 * Runs one request against several providers in priority order, whatever they serve (bars,
 * chains). Auth, quota, outage and bad-answer failures move the whole request to the next
 * provider, so a result never mixes providers; a request the provider calls wrong
 * (ProviderRequestError), an abort or any other error is thrown at once, since another provider
 * would only repeat it or hide a bug.
 */
export function createFallback<P extends { readonly name: string }>(providers: readonly P[], opts: ProviderRouterOptions = {}) {
  if (providers.length === 0) throw new RangeError('a provider router needs at least one provider');
  const coolDownMs = opts.coolDownMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const cooling = new Map<number, CoolDown>();

  const isCooling = (i: number, at: number) => (cooling.get(i)?.until ?? -Infinity) > at;

  function coolDown(i: number, err: ProviderError): void {
    if (coolDownMs <= 0) return;
    if (err instanceof ProviderAuthError) cooling.set(i, { until: now() + coolDownMs, error: err });
    if (err instanceof ProviderRateLimitError) {
      cooling.set(i, { until: Math.max(now() + coolDownMs, err.retryAt.getTime()), error: err });
    }
  }

  function nextName(after: number): string | null {
    const at = now();
    for (let j = after + 1; j < providers.length; j++) if (!isCooling(j, at)) return providers[j]!.name;
    return null;
  }

  return async function route<R extends { attempts?: ProviderAttempt[] }>(call: (provider: P) => Promise<R>): Promise<R> {
    const attempts: ProviderAttempt[] = [];
    let last: ProviderError | undefined;
    let lastRetryable: ProviderError | undefined;
    for (let i = 0; i < providers.length; i++) {
      const p = providers[i]!;
      const c = cooling.get(i);
      if (c !== undefined && isCooling(i, now())) {
        last = coolingError(c);
        if (last.retryable) lastRetryable = last;
        attempts.push({ provider: p.name, error: `skipped until ${new Date(c.until).toISOString()} after ${describe(c.error)}` });
        continue;
      }
      try {
        const result = await call(p);
        cooling.delete(i);
        return { ...result, attempts };
      } catch (err) {
        if (!(err instanceof ProviderError) || err instanceof ProviderRequestError) throw err;
        coolDown(i, err);
        attempts.push({ provider: p.name, error: describe(err) });
        last = err;
        if (err.retryable) lastRetryable = err;
        opts.onFallback?.({ from: p.name, to: nextName(i), error: err });
      }
    }
    // Every provider failed or is cooling down. If any of them may recover (an outage, a
    // quota), the job should be retried, so a retryable error stands; it carries them all.
    const chosen = lastRetryable ?? last!;
    chosen.attempts = attempts.filter((a) => a.provider !== chosen.provider);
    throw chosen;
  };
}
