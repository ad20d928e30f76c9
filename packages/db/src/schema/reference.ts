import { sql } from 'drizzle-orm';
import {
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { symbolRef } from './symbols';

/**
 * Splits, dividends and other corporate actions as the provider reports them. Bars stay
 * raw; adjusted series are derived from these rows when read, so a late action is one
 * row here, never a rewrite of history.
 */
export const corporateActions = pgTable(
  'corporate_actions',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    symbolId: symbolRef().notNull(),
    /** forward_split | reverse_split | unit_split | cash_dividend | stock_dividend | spin_off | name_change | … */
    type: text().notNull(),
    exDate: date({ mode: 'string' }).notNull(),
    recordDate: date({ mode: 'string' }),
    payableDate: date({ mode: 'string' }),
    processDate: date({ mode: 'string' }),
    /** Splits: new shares per old share (4 for a 4:1 split, 0.1 for 1:10). */
    ratio: doublePrecision(),
    /** Cash dividends: amount per share. */
    cashAmount: doublePrecision(),
    provider: text().notNull(),
    /** The provider's own id when it has one. */
    providerId: text(),
    detail: jsonb().notNull().default(sql`'{}'::jsonb`),
    fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('corporate_actions_natural_key').on(t.symbolId, t.type, t.exDate),
    index('corporate_actions_ex_date').on(t.exDate),
  ],
);

/** The provider's trading calendar: trading days only, with New York wall-clock times. */
export const marketCalendar = pgTable('market_calendar', {
  date: date({ mode: 'string' }).primaryKey(),
  /** 'HH:MM' New York time. */
  open: text().notNull(),
  close: text().notNull(),
  provider: text().notNull(),
  fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Which date windows the calendar table covers: inside them, days not listed are closed. */
export const calendarSyncs = pgTable('calendar_syncs', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  provider: text().notNull(),
  rangeFrom: date({ mode: 'string' }).notNull(),
  rangeTo: date({ mode: 'string' }).notNull(),
  days: integer().notNull(),
  syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
