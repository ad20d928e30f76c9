import { date, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Every symbol the fleet has heard of; the watchlist says which ones it keeps fresh. */
export const symbols = pgTable('symbols', {
  id: serial().primaryKey(),
  ticker: text().notNull().unique(),
  name: text(),
  assetType: text().notNull().default('stock'),
  /**
   * The New York dates the provider was asked for this symbol's corporate actions, one
   * unbroken range (null: never). The daily sync extends it back to the symbol's history.
   */
  actionsSyncedFrom: date({ mode: 'string' }),
  actionsSyncedTo: date({ mode: 'string' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A column naming a symbol; the rows go with it. */
export const symbolRef = () => integer().references(() => symbols.id, { onDelete: 'cascade' });

export const watchlist = pgTable('watchlist', {
  symbolId: symbolRef().primaryKey(),
  addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  addedBy: text().notNull().default('system'),
});
