import { sql } from 'drizzle-orm';
import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { timeframe } from './bars';
import { symbolRef } from './symbols';

/**
 * What the data-quality check found, one row per symbol × timeframe × session × kind
 * (gap, outside_session, ohlc_invalid, duplicate_ts, misaligned_ts, price_jump, stale,
 * calendar_mismatch). Seen again: last_seen_at moves; gone: resolved_at is set.
 */
export const qualityFindings = pgTable(
  'quality_findings',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    symbolId: symbolRef(),
    timeframe: timeframe(),
    sessionDate: date({ mode: 'string' }),
    kind: text().notNull(),
    /**
     * What the finding is about, as text (e.g. "12|m15|2024-07-01", or "calendar" for
     * findings without a symbol): the natural key with `kind`. An expression over the
     * nullable columns cannot be indexed (an enum's text form is not immutable).
     */
    scope: text().notNull(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('quality_findings_natural_key').on(t.kind, t.scope),
    index('quality_findings_open').on(t.kind).where(sql`resolved_at is null`),
  ],
);

/**
 * A range the provider keeps answering without the bars the calendar expects, after
 * the repair attempts: recorded with its answer so it is not fetched forever.
 */
export const providerGaps = pgTable(
  'provider_gaps',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    symbolId: symbolRef().notNull(),
    timeframe: timeframe().notNull(),
    rangeStart: timestamp({ withTimezone: true }).notNull(),
    rangeEnd: timestamp({ withTimezone: true }).notNull(),
    provider: text().notNull(),
    /** What the provider said, e.g. "no bars" or "12 of 26 bars". */
    answer: text().notNull(),
    attempts: integer().notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('provider_gaps_natural_key').on(t.symbolId, t.timeframe, t.rangeStart, t.provider)],
);

/**
 * One open alert per problem (its key), however often the problem repeats; resolved
 * when the problem goes away. A new occurrence after that opens a new alert.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    key: text().notNull(),
    kind: text().notNull(),
    severity: text().$type<'warning' | 'critical'>().notNull(),
    message: text().notNull(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    occurrences: integer().notNull().default(1),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('alerts_open_key').on(t.key).where(sql`resolved_at is null`)],
);
