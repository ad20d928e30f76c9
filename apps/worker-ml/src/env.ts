import { QueueEnv } from '@marketfleet/jobs';
import { PolicyEnv } from '@marketfleet/market';
import { ProcessEnv } from '@marketfleet/runtime';
import { z } from 'zod';

const Env = z.object({
  ...QueueEnv.shape,
  ...ProcessEnv.shape,
  ...PolicyEnv.shape,
  ML_CONCURRENCY: z.coerce.number().int().positive().default(1),
  /** Worker threads for model fits; each job waits for one. */
  ML_THREADS: z.coerce.number().int().positive().max(16).default(1),
  /** A job whose worker died is taken over by another one after this long. */
  LOCK_DURATION_MS: z.coerce.number().int().positive().default(60_000),
});

export type Env = z.infer<typeof Env>;

export const loadEnv = (src: NodeJS.ProcessEnv = process.env): Env => Env.parse(src);
