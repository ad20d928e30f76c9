import { QueueEnv } from '@marketfleet/jobs';
import { z } from 'zod';
import { ProcessEnv } from '@marketfleet/runtime';

const Env = z.object({
  ...QueueEnv.shape,
  ...ProcessEnv.shape,
  ML_CONCURRENCY: z.coerce.number().int().positive().default(1),
});
export type Env = z.infer<typeof Env>;
export const loadEnv = (src: NodeJS.ProcessEnv = process.env): Env => Env.parse(src);
