import { z } from 'zod';

/**
 * Set to 1 by a supervisor (the CLI's `start`) for the apps it runs: an app whose supervisor
 * is gone without stopping it (killed, crashed) shuts down as on a signal rather than run on.
 */
export const STOP_WITH_PARENT_ENV = 'MARKETFLEET_STOP_WITH_PARENT';
export const SupervisedEnv = z.object({
  [STOP_WITH_PARENT_ENV]: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
});

/** Processes without an HTTP server of their own expose /metrics on this port. */
export const ProcessEnv = z.object({
  ...SupervisedEnv.shape,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9100),
  /** Keep below the pod's terminationGracePeriodSeconds. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(25_000),
});
