import { date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One tracked backfill: what was asked (symbols × timeframes × dates), by whom, at which
 * priority. Its chunks are jobs (backfill_chunks → job_runs); progress is read from them.
 */
export const backfills = pgTable('backfills', {
  id: text().primaryKey(),
  /** deep (a new symbol) | nightly | manual | repair | refresh */
  kind: text().notNull(),
  symbols: text().array().notNull(),
  timeframes: text().array().notNull(),
  rangeFrom: date({ mode: 'string' }).notNull(),
  rangeTo: date({ mode: 'string' }).notNull(),
  priority: integer().notNull(),
  totalChunks: integer().notNull().default(0),
  expectedBars: integer().notNull().default(0),
  createdBy: text().notNull().default('system'),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const backfillChunks = pgTable(
  'backfill_chunks',
  {
    backfillId: text()
      .notNull()
      .references(() => backfills.id, { onDelete: 'cascade' }),
    jobId: text().notNull(),
    symbols: text().array().notNull(),
    timeframes: text().array().notNull(),
    rangeFrom: date({ mode: 'string' }).notNull(),
    rangeTo: date({ mode: 'string' }).notNull(),
    expectedBars: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.backfillId, t.jobId] }), index('backfill_chunks_job').on(t.jobId)],
);

