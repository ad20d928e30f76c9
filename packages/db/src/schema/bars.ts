import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  bigserial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { BAR_STATUSES, TIMEFRAMES } from '@marketfleet/market';
import { symbolRef } from './symbols';

export const timeframe = pgEnum('timeframe', TIMEFRAMES);

/** The market's bar statuses; the daily refresh turns provisional bars into verified ones. */
export const barStatus = pgEnum('bar_status', BAR_STATUSES);

/**
 * Raw (unadjusted) bars keyed by bar start; adjusted series are derived when read.
 * No foreign key to symbols: its check costs a third of a bulk write, and writers
 * always resolve symbol ids first (deleting a symbol deletes its bars explicitly).
 */
export const bars = pgTable(
  'bars',
  {
    symbolId: integer().notNull(),
    timeframe: timeframe().notNull(),
    ts: timestamp({ withTimezone: true }).notNull(),
    open: doublePrecision().notNull(),
    high: doublePrecision().notNull(),
    low: doublePrecision().notNull(),
    close: doublePrecision().notNull(),
    volume: doublePrecision().notNull(),
    vwap: doublePrecision(),
    tradeCount: integer(),
    provider: text().notNull(),
    status: barStatus().notNull(),
    fetchedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbolId, t.timeframe, t.ts] })],
);

/** Bars a provider sent that failed validation: kept with the reason, never stored as bars. */
export const quarantinedBars = pgTable(
  'quarantined_bars',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    symbolId: symbolRef().notNull(),
    timeframe: timeframe().notNull(),
    ts: timestamp({ withTimezone: true }),
    provider: text().notNull(),
    reason: text().notNull(),
    raw: jsonb(),
    fetchId: uuid(),
    jobId: text(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    timesSeen: integer().notNull().default(1),
  },
  // A retried fetch sees the same bad bar again: count it, don't duplicate it.
  (t) => [
    uniqueIndex('quarantined_bars_natural_key').on(
      t.symbolId,
      t.timeframe,
      sql`coalesce(${t.ts}, 'epoch'::timestamptz)`,
      t.provider,
      t.reason,
    ),
    index('quarantined_bars_symbol_tf_ts').on(t.symbolId, t.timeframe, t.ts),
  ],
);
