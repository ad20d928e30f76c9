import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Fleet-wide request pacing per provider when queues live in PostgreSQL (Redis keeps the
 * same state itself): the theoretical arrival time of the next request (GCRA).
 */
export const providerQuota = pgTable('provider_quota', {
  key: text().primaryKey(),
  tat: timestamp({ withTimezone: true }).notNull(),
});
