import { ProviderEnv } from '@marketfleet/providers';
import { PolicyEnv } from '@marketfleet/market';
import { z } from 'zod';
import { ProcessEnv } from '@marketfleet/runtime';

const Env = z.object({
  ...ProcessEnv.shape,
  ...PolicyEnv.shape,
  /** Unset: the embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().min(1).default('marketfleet'),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().positive().default(54329),
  PORT: z.coerce.number().int().positive().default(3000),
  /** worker-ingest, worker-ml and scheduler serve /metrics on this port and the next two. */
  METRICS_PORT_BASE: z.coerce.number().int().positive().default(9101),
  DEFAULT_WATCHLIST: z.string().default('AAPL,MSFT,NVDA,AMZN,SPY,QQQ'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});

export type Env = z.infer<typeof Env> & ProviderEnv;

export function loadEnv(src: NodeJS.ProcessEnv = process.env): Env {
  return { ...Env.parse(src), ...ProviderEnv.parse(src) };
}
