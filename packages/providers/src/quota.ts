import { z } from 'zod';

/** Where the fleet keeps its pace: Redis or PostgreSQL, whichever holds the queues. */
export interface QuotaStore {
  /** Reserves the key's next slot `intervalMs` after the previous one; resolves to the wait until it, in ms. */
  reserve(key: string, intervalMs: number): Promise<number>;
}

/** Requests per minute each provider's plan allows, shared by every process of the fleet. */
export const QuotaEnv = z.object({
  ALPACA_REQUESTS_PER_MINUTE: z.coerce.number().positive().default(200),
  POLYGON_REQUESTS_PER_MINUTE: z.coerce.number().positive().default(5),
  YAHOO_REQUESTS_PER_MINUTE: z.coerce.number().positive().default(60),
  TRADIER_REQUESTS_PER_MINUTE: z.coerce.number().positive().default(120),
  /** Share of each quota the fleet plans to use: the rest absorbs clock skew between it and the provider. */
  QUOTA_HEADROOM: z.coerce.number().gt(0).max(1).default(0.95),
});
export type QuotaEnv = z.infer<typeof QuotaEnv>;

export function quotaLimits(env: QuotaEnv): Record<string, number> {
  return {
    alpaca: env.ALPACA_REQUESTS_PER_MINUTE * env.QUOTA_HEADROOM,
    polygon: env.POLYGON_REQUESTS_PER_MINUTE * env.QUOTA_HEADROOM,
    yahoo: env.YAHOO_REQUESTS_PER_MINUTE * env.QUOTA_HEADROOM,
    tradier: env.TRADIER_REQUESTS_PER_MINUTE * env.QUOTA_HEADROOM,
  };
}

export interface FleetQuotaOptions {
  store: QuotaStore;
  /** Requests per minute per provider name; a provider not listed is not paced (the sim). */
  limits: Record<string, number>;
  sleep?: (ms: number) => Promise<void>;
  /** Time spent waiting for slots, per provider (for metrics). */
  onWait?: (provider: string, ms: number) => void;
}

/**
 * Paces every request of the fleet to a provider so that, across all worker replicas
 * and the api, it stays under the plan's rate: requests are spaced evenly (GCRA with no
 * burst), so no 60-second window, wherever it starts, holds more than the quota.
 * Plug `beforeRequest` into the providers' hooks.
 */
export function createFleetQuota(opts: FleetQuotaOptions) {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async beforeRequest(provider: string): Promise<void> {
      const perMinute = opts.limits[provider];
      if (!perMinute) return;
      const wait = await opts.store.reserve(`quota:${provider}`, 60_000 / perMinute);
      if (wait > 0) {
        opts.onWait?.(provider, wait);
        await sleep(wait);
      }
    },
  };
}
