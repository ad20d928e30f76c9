import { marketPolicy, PolicyEnv, type MarketPolicy } from '@marketfleet/market';
import { z } from 'zod';
import { SupervisedEnv } from '@marketfleet/runtime';
import { OptionsEnv, type OptionsSettings } from '@marketfleet/jobs';

/** Sized for the api pod's 512 Mi limit: the cache at its bound plus the process's own ~150 MB leave room. */
export const DEFAULT_CHART_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/** Shorter keys can be guessed within a rate limit's lifetime; generate them with `openssl rand -hex 32`. */
export const MIN_API_KEY_LENGTH = 16;

/** A comma-separated list; blanks and empty entries (a trailing comma) are dropped. */
const list = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v.length > 0));

// The message never quotes the value: these are secrets.
const apiKeys = list.refine((keys) => keys.every((k) => k.length >= MIN_API_KEY_LENGTH && !/\s/.test(k)), {
  error: `every key must be at least ${MIN_API_KEY_LENGTH} characters, without spaces`,
});

const origins = list.refine((all) => all.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)), {
  error: "must be '*' or origins such as https://app.example.com (scheme and host, no path)",
});

/** Fastify's trustProxy: 'true', a hop count, or a comma list of proxy addresses or CIDRs. */
const trustProxy = z
  .string()
  .default('')
  .transform((s): boolean | number | string[] => {
    const v = s.trim();
    if (v === '' || v === 'false') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    return v.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  });

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.url(),
  // Empty means unset: compose files and k8s manifests often template `REDIS_URL=` to switch it off.
  REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  QUEUE_PREFIX: z.string().min(1).default('marketfleet'),
  CHART_MAX_BARS: z.coerce.number().int().positive().default(5000),
  /** Bytes of chart responses (plain and compressed) one api process keeps; 0 keeps none. Sized for a 512 Mi pod. */
  CHART_CACHE_MAX_BYTES: z.coerce.number().int().min(0).default(DEFAULT_CHART_CACHE_MAX_BYTES),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Keep it under the pod's terminationGracePeriodSeconds so the closers, not SIGKILL, end the process.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  APP_API_KEYS: apiKeys,
  ADMIN_API_KEYS: apiKeys,
  RATE_LIMIT_APP_PER_MINUTE: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_ADMIN_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  /** Symbols not yet on the watchlist one app key may add through user-refresh per New York day. */
  USER_REFRESH_NEW_SYMBOLS_PER_DAY: z.coerce.number().int().min(0).default(10),
  CORS_ORIGINS: origins,
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  TRUST_PROXY: trustProxy,
  /** How long user-refresh waits for the latest bars before answering that they are updating. */
  USER_REFRESH_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(4_000),
  ...PolicyEnv.shape,
  // user-refresh's option scrape takes as many expirations as the scheduled ones.
  ...OptionsEnv.pick({ OPTIONS_SESSION_EXPIRATIONS: true, OPTIONS_CLOSE_EXPIRATIONS: true }).shape,
  ...SupervisedEnv.shape,
});

export type Env = z.infer<typeof Env>;

export const loadEnv = (src: NodeJS.ProcessEnv = process.env): Env => Env.parse(src);

/** What the app needs from the environment; tests build it directly. */
export interface AppConfig {
  chartMaxBars: number;
  /** The chart cache's bound in bytes (default 64 MiB). */
  chartCacheMaxBytes?: number;
  /** Freshness SLA and history depth per timeframe: the fleet's policy. */
  policy: MarketPolicy;
  /** How long /readyz waits for each dependency before calling it down. */
  readyTimeoutMs?: number;
  /** App keys read and call what routes allow them; admin keys may do everything. */
  apiKeys: { app: readonly string[]; admin: readonly string[] };
  rateLimit: {
    appPerMinute: number;
    adminPerMinute: number;
    /** With a Redis URL the counters live there, shared by every replica; without, in memory. */
    redisUrl?: string;
    /** Redis key prefix (the queues' own, so one `{hash-tag}` covers both on a cluster). */
    prefix?: string;
    /** Symbols not yet on the watchlist one app key may add through user-refresh a day (default 10). */
    newSymbolsPerDay?: number;
  };
  /** Origins allowed to call from a browser; empty means same-origin only, '*' any. */
  corsOrigins: readonly string[];
  bodyLimitBytes: number;
  trustProxy?: boolean | number | string[];
  userRefreshWaitMs?: number;
  /** The option pipeline's settings (scrape widths); default: the jobs package's defaults. */
  options?: Pick<OptionsSettings, 'sessionExpirations' | 'closeExpirations'>;
  /** How long any request may take before it is answered 503 (tests set it short; default in app.ts). */
  requestDeadlineMs?: number;
}

export function appConfig(env: Env): AppConfig {
  return {
    chartMaxBars: env.CHART_MAX_BARS,
    chartCacheMaxBytes: env.CHART_CACHE_MAX_BYTES,
    policy: marketPolicy(env),
    apiKeys: { app: env.APP_API_KEYS, admin: env.ADMIN_API_KEYS },
    rateLimit: {
      appPerMinute: env.RATE_LIMIT_APP_PER_MINUTE,
      adminPerMinute: env.RATE_LIMIT_ADMIN_PER_MINUTE,
      redisUrl: env.REDIS_URL,
      prefix: env.QUEUE_PREFIX,
      newSymbolsPerDay: env.USER_REFRESH_NEW_SYMBOLS_PER_DAY,
    },
    corsOrigins: env.CORS_ORIGINS,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    userRefreshWaitMs: env.USER_REFRESH_WAIT_MS,
    options: { sessionExpirations: env.OPTIONS_SESSION_EXPIRATIONS, closeExpirations: env.OPTIONS_CLOSE_EXPIRATIONS },
  };
}
