import { ProcessEnv, QueueEnv } from '@marketfleet/jobs';
import { ProviderEnv, QuotaEnv } from '@marketfleet/providers';
import { z } from 'zod';

/** How far back each timeframe is kept complete, in calendar days. */
export const HistoryEnv = z.object({
  HISTORY_DAYS_M15: z.coerce.number().int().positive().default(60),
  HISTORY_DAYS_H1: z.coerce.number().int().positive().default(730),
  HISTORY_DAYS_H4: z.coerce.number().int().positive().default(730),
  HISTORY_DAYS_D1: z.coerce.number().int().positive().default(3650),
  HISTORY_DAYS_W1: z.coerce.number().int().positive().default(3650),
});
export type HistoryEnv = z.infer<typeof HistoryEnv>;

const Env = z.object({
  ...QueueEnv.shape,
  ...ProcessEnv.shape,
  ...HistoryEnv.shape,
  INGEST_CONCURRENCY: z.coerce.number().int().positive().default(2),
  /** A job whose worker died is taken over by another one after this long. */
  LOCK_DURATION_MS: z.coerce.number().int().positive().default(60_000),
});

export type Env = z.infer<typeof Env> & ProviderEnv & QuotaEnv;

export function loadEnv(src: NodeJS.ProcessEnv = process.env): Env {
  return { ...Env.parse(src), ...ProviderEnv.parse(src), ...QuotaEnv.parse(src) };
}

export function historyDays(env: HistoryEnv) {
  return { m15: env.HISTORY_DAYS_M15, h1: env.HISTORY_DAYS_H1, h4: env.HISTORY_DAYS_H4, d1: env.HISTORY_DAYS_D1, w1: env.HISTORY_DAYS_W1 };
}
