import { z } from 'zod';
import { PROVIDERS } from './registry';

/** Where the fleet keeps its pace: Redis or PostgreSQL, whichever holds the queues. */
export interface QuotaStore {
  /**
   * Reserves the key's next slot `intervalMs` after the previous one, allowing slots up
   * to `burstMs` early (credit an idle fleet may use); resolves to the wait, in ms.
   */
  reserve(key: string, intervalMs: number, burstMs: number): Promise<number>;
}

const PACED = PROVIDERS.filter((p) => p.requestsPerMinute !== undefined);
const quotaKey = (name: string) => `${name.toUpperCase()}_REQUESTS_PER_MINUTE`;

/**
 * Requests per minute each provider's plan allows (`ALPACA_REQUESTS_PER_MINUTE` …, defaults from
 * the definitions), shared by every process of the fleet.
 */
export const QuotaEnv = z.object({
  ...(Object.fromEntries(PACED.map((p) => [quotaKey(p.name), z.coerce.number().positive().default(p.requestsPerMinute!)])) as Record<
    `${Uppercase<(typeof PACED)[number]['name']>}_REQUESTS_PER_MINUTE`,
    z.ZodDefault<z.ZodCoercedNumber>
  >),
  /** Share of each quota the fleet plans to use: the rest absorbs clock skew between it and the provider. */
  QUOTA_HEADROOM: z.coerce.number().gt(0).max(1).default(0.95),
  /** The window the providers count requests in (Alpaca: a minute). */
  QUOTA_WINDOW_MS: z.coerce.number().int().positive().default(60_000),
});
export type QuotaEnv = z.infer<typeof QuotaEnv>;

export function quotaLimits(env: QuotaEnv): Record<string, number> {
  const values = env as unknown as Record<string, number>;
  return Object.fromEntries(PACED.map((p) => [p.name, values[quotaKey(p.name)]!]));
}

export interface FleetQuotaOptions {
  store: QuotaStore;
  /** Requests per minute each plan allows, per provider name; a provider not listed is not paced (the sim). */
  limits: Record<string, number>;
  /** Share of each quota the fleet plans to use (default 0.95). */
  headroom?: number;
  /** The window a provider counts requests in (default a minute); early slots stay within it. */
  windowMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Time spent waiting for slots, per provider (for metrics). */
  onWait?: (provider: string, ms: number) => void;
}

/**
 * Paces every request of the fleet to a provider so that, across all worker replicas
 * and the api, it stays under the plan's rate: requests are spaced evenly at `headroom`
 * of the quota (GCRA). Slots an idle moment left unused may be taken early, up to half
 * the headroom of one window, so any window, wherever it starts, still holds less than
 * the quota. Plug `beforeRequest` into the providers' hooks.
 */
export function createFleetQuota(opts: FleetQuotaOptions) {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const headroom = opts.headroom ?? 0.95;
  const windowMs = opts.windowMs ?? 60_000;
  return {
    async beforeRequest(provider: string): Promise<void> {
      const perMinute = opts.limits[provider];
      if (!perMinute) return;
      const interval = 60_000 / (perMinute * headroom);
      const burst = Math.floor((((perMinute * windowMs) / 60_000) * (1 - headroom)) / 2);
      const wait = await opts.store.reserve(`quota:${provider}`, interval, burst * interval);
      if (wait > 0) {
        opts.onWait?.(provider, wait);
        await sleep(wait);
      }
    },
  };
}
