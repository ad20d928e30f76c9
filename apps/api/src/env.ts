import type { Timeframe } from '@marketfleet/market-clock';
import { z } from 'zod';

const minutes = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.url(),
  // Empty means unset: compose files and k8s manifests often template `REDIS_URL=` to switch it off.
  REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  QUEUE_PREFIX: z.string().min(1).default('marketfleet'),
  CHART_MAX_BARS: z.coerce.number().int().positive().default(5000),
  SLA_MINUTES_M15: minutes(30),
  SLA_MINUTES_H1: minutes(120),
  SLA_MINUTES_H4: minutes(480),
  SLA_MINUTES_D1: minutes(1440),
  SLA_MINUTES_W1: minutes(10_080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Keep it under the pod's terminationGracePeriodSeconds so the closers, not SIGKILL, end the process.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export type Env = z.infer<typeof Env>;

export const loadEnv = (src: NodeJS.ProcessEnv = process.env): Env => Env.parse(src);

/** What the app needs from the environment; tests build it directly. */
export interface AppConfig {
  chartMaxBars: number;
  slaMinutes: Record<Timeframe, number>;
  /** How long /readyz waits for each dependency before calling it down. */
  readyTimeoutMs?: number;
}

export function appConfig(env: Env): AppConfig {
  return {
    chartMaxBars: env.CHART_MAX_BARS,
    slaMinutes: {
      m15: env.SLA_MINUTES_M15,
      h1: env.SLA_MINUTES_H1,
      h4: env.SLA_MINUTES_H4,
      d1: env.SLA_MINUTES_D1,
      w1: env.SLA_MINUTES_W1,
    },
  };
}
