import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { timeframe } from './bars';

/**
 * Per symbol × timeframe, kept by every bar write in the same statement: what data-health
 * and the chart need without scanning bars. `barCount` counts rows inserted (not
 * rewritten); the nightly coverage sweep recomputes it exactly.
 */
export const seriesStats = pgTable(
  'series_stats',
  {
    symbolId: integer().notNull(),
    timeframe: timeframe().notNull(),
    firstTs: timestamp({ withTimezone: true }).notNull(),
    lastTs: timestamp({ withTimezone: true }).notNull(),
    barCount: integer().notNull(),
    lastWrittenAt: timestamp({ withTimezone: true }).notNull(),
    lastRowsWritten: integer().notNull(),
    lastProvider: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbolId, t.timeframe] })],
);
