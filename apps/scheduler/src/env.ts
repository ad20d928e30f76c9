import { QueueEnv } from '@marketfleet/jobs';
import { z } from 'zod';
import { ProcessEnv } from '@marketfleet/runtime';

const Env = z.object({
  ...QueueEnv.shape,
  ...ProcessEnv.shape,
  /** How often the schedules are checked and re-applied if the queue store lost them. */
  SCHEDULE_CHECK_MS: z.coerce.number().int().positive().default(10 * 60_000),
});
export type Env = z.infer<typeof Env>;
export const loadEnv = (src: NodeJS.ProcessEnv = process.env): Env => Env.parse(src);
