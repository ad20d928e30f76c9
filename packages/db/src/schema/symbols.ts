import { integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Every symbol the fleet has heard of; the watchlist says which ones it keeps fresh. */
export const symbols = pgTable('symbols', {
  id: serial().primaryKey(),
  ticker: text().notNull().unique(),
  name: text(),
  assetType: text().notNull().default('stock'),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A column naming a symbol; the rows go with it. */
export const symbolRef = () => integer().references(() => symbols.id, { onDelete: 'cascade' });

export const watchlist = pgTable('watchlist', {
  symbolId: symbolRef().primaryKey(),
  addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  addedBy: text().notNull().default('system'),
});
