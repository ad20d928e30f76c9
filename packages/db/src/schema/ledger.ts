import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timeframe } from './bars';
import { symbolRef } from './symbols';

/**
 * What was asked of which provider, for which range, and what came back: one row per
 * symbol × timeframe of a fetch. Coverage trusts this as much as the bars themselves,
 * so a range the provider answered with nothing is not fetched again and again.
 */
export const fetchLedger = pgTable(
  'fetch_ledger',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    fetchId: uuid().notNull(),
    provider: text().notNull(),
    symbolId: symbolRef().notNull(),
    timeframe: timeframe().notNull(),
    rangeStart: timestamp({ withTimezone: true }).notNull(),
    rangeEnd: timestamp({ withTimezone: true }).notNull(),
    /** ok | empty | rejected | error */
    status: text().notNull(),
    requests: integer().notNull().default(0),
    barsReceived: integer().notNull().default(0),
    barsWritten: integer().notNull().default(0),
    barsQuarantined: integer().notNull().default(0),
    error: text(),
    jobId: text(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('fetch_ledger_symbol_tf_range').on(t.symbolId, t.timeframe, t.rangeStart),
    // What a job wrote, over all its attempts: a chunk's bars written.
    index('fetch_ledger_job').on(t.jobId).where(sql`job_id is not null`),
  ],
);
