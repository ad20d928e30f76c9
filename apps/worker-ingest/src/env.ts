import { OptionsEnv, QueueEnv } from '@marketfleet/jobs';
import { ProviderEnv, QuotaEnv } from '@marketfleet/providers';
import { PolicyEnv } from '@marketfleet/market';
import { z } from 'zod';
import { ProcessEnv } from '@marketfleet/runtime';

const Env = z.object({
  ...QueueEnv.shape,
  ...ProcessEnv.shape,
  ...PolicyEnv.shape,
  ...OptionsEnv.shape,
  INGEST_CONCURRENCY: z.coerce.number().int().positive().default(2),
  /** A job whose worker died is taken over by another one after this long. */
  LOCK_DURATION_MS: z.coerce.number().int().positive().default(60_000),
});

export type Env = z.infer<typeof Env> & ProviderEnv & QuotaEnv;

export function loadEnv(src: NodeJS.ProcessEnv = process.env): Env {
  return { ...Env.parse(src), ...ProviderEnv.parse(src), ...QuotaEnv.parse(src) };
}
