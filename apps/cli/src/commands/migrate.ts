import { runMigrations } from '@marketfleet/db';
import { migrateQueueSchema } from '@marketfleet/jobs';
import type { Context } from '../context';

/** Applies the app schema and, when queues live in PostgreSQL, BullMQ's schema. Idempotent. */
export async function migrate(ctx: Context): Promise<void> {
  const url = await ctx.databaseUrl();
  await runMigrations(url);
  if (!ctx.env.REDIS_URL) await migrateQueueSchema(url);
  console.log(`migrated ${redact(url)}${ctx.env.REDIS_URL ? '' : ' (app schema and queue schema)'}`);
}

export const redact = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
