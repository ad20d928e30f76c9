import { integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Every symbol the fleet has heard of; the watchlist says which ones it keeps fresh. */
export const symbols = pgTable('symbols', {
  id: serial().primaryKey(),
  ticker: text().notNull().unique(),
  name: text(),
  assetType: text().notNull().default('stock'),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const watchlist = pgTable('watchlist', {
  symbolId: integer()
    .primaryKey()
    .references(() => symbols.id, { onDelete: 'cascade' }),
  addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  addedBy: text().notNull().default('system'),
});
