import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per queued job, kept by producers and workers: what it covers, its state
 * and outcome. The chart reads it to say `updating`; data-health reads failures.
 * Queue state itself lives in the queue backend; this is the durable history.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    jobId: text().notNull().unique(),
    queue: text().notNull(),
    name: text().notNull(),
    symbols: text().array().notNull().default(sql`'{}'::text[]`),
    timeframes: text().array().notNull().default(sql`'{}'::text[]`),
    /** queued | running | success | failed | skipped */
    status: text().notNull(),
    attempts: integer().notNull().default(0),
    barsWritten: integer().notNull().default(0),
    provider: text(),
    error: text(),
    detail: text(),
    triggeredBy: text().notNull().default('system'),
    /**
     * What the producer enqueued (the validated payload, never a secret) and at which priority:
     * what lets a job lost with the queue store be queued again as it was. Null for runs the
     * producer did not enqueue (a schedule's repeats).
     */
    payload: jsonb().$type<unknown>(),
    priority: integer(),
    /** When this run was queued: a finished job queued again starts a new run from here. */
    enqueuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('job_runs_active').on(t.status).where(sql`status in ('queued', 'running')`),
    index('job_runs_created').on(t.createdAt),
  ],
);
