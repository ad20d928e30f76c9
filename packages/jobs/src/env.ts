import { z } from 'zod';

/** The environment every process that touches queues reads; parsed once by each app's env.ts. */
export const QueueEnv = z.object({
  DATABASE_URL: z.string().url(),
  /** Set: queues on Redis. Unset: queues on the PostgreSQL database above. */
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().min(1).default('marketfleet'),
});
export type QueueEnv = z.infer<typeof QueueEnv>;

/**
 * The option pipeline's settings, read by the workers that scrape, snapshot and rank. Snapshot
 * retention drops whole monthly partitions, so up to a month more than this is kept.
 */
export const OptionsEnv = z.object({
  /** Sessions' snapshots kept (days); momentum needs 5 sessions, the ATM IV history is kept apart. */
  OPTIONS_SNAPSHOT_RETENTION_DAYS: z.coerce.number().int().min(14).default(120),
  /** Monthly snapshot partitions created ahead of today. */
  OPTIONS_PARTITIONS_AHEAD_MONTHS: z.coerce.number().int().min(1).max(24).default(3),
  /** Expirations per scrape while the session is open, and in the wider scrape after the close. */
  OPTIONS_SESSION_EXPIRATIONS: z.coerce.number().int().min(1).max(30).default(4),
  OPTIONS_CLOSE_EXPIRATIONS: z.coerce.number().int().min(1).max(30).default(10),
  /** Rank runs kept (days); each underlying's latest run is always kept. */
  OPTIONS_RANK_RETENTION_DAYS: z.coerce.number().int().min(1).default(14),
});
export type OptionsEnv = z.infer<typeof OptionsEnv>;

export interface OptionsSettings {
  snapshotRetentionDays: number;
  partitionsAheadMonths: number;
  sessionExpirations: number;
  closeExpirations: number;
  rankRetentionDays: number;
}

export const optionsSettings = (env: OptionsEnv): OptionsSettings => ({
  snapshotRetentionDays: env.OPTIONS_SNAPSHOT_RETENTION_DAYS,
  partitionsAheadMonths: env.OPTIONS_PARTITIONS_AHEAD_MONTHS,
  sessionExpirations: env.OPTIONS_SESSION_EXPIRATIONS,
  closeExpirations: env.OPTIONS_CLOSE_EXPIRATIONS,
  rankRetentionDays: env.OPTIONS_RANK_RETENTION_DAYS,
});

export const DEFAULT_OPTIONS_SETTINGS: OptionsSettings = optionsSettings(OptionsEnv.parse({}));
