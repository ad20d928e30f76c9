import { z } from 'zod';

/** The environment every process that touches queues reads; parsed once by each app's env.ts. */
export const QueueEnv = z.object({
  DATABASE_URL: z.string().url(),
  /** Set: queues on Redis. Unset: queues on the PostgreSQL database above. */
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().min(1).default('marketfleet'),
});
export type QueueEnv = z.infer<typeof QueueEnv>;
