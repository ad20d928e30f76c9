import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { timeframe } from './bars';
import { symbolRef } from './symbols';

/** One point of a forecast path: the expected close after a bar, and its 80 % and 95 % bands. */
export interface ForecastPoint {
  ts: string;
  value: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/**
 * Forecasts are history: every run adds rows and none is ever rewritten, so each can be
 * evaluated later as it was made. A rerun on the same latest bar with the same model adds
 * nothing (the natural key), which keeps retried jobs idempotent.
 */
export const forecasts = pgTable(
  'forecasts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    symbolId: symbolRef().notNull(),
    timeframe: timeframe().notNull(),
    horizon: text().notNull(),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Start of the latest bar the forecast used: it speaks about the bars after this one. */
    lastBarTs: timestamp({ withTimezone: true }).notNull(),
    modelVersion: text().notNull(),
    label: text().$type<'bearish' | 'neutral' | 'bullish'>().notNull(),
    /** The calibrated probability of the label. */
    confidence: doublePrecision().notNull(),
    probabilities: jsonb().$type<{ bearish: number; neutral: number; bullish: number }>().notNull(),
    currentPrice: doublePrecision().notNull(),
    targetPrice: doublePrecision().notNull(),
    /** Expected log return over the horizon. */
    expectedReturn: doublePrecision().notNull(),
    /** The class boundary (log return over the horizon) its labels use. */
    threshold: doublePrecision().notNull(),
    points: jsonb().$type<ForecastPoint[]>().notNull(),
    weights: jsonb().$type<Record<string, number>>().notNull(),
    /** Per model: expected return and class probabilities. */
    components: jsonb().$type<Record<string, { expectedReturn: number; probabilities: number[] }>>().notNull(),
    calibrated: boolean().notNull(),
    bandMethod: text().$type<'conformal' | 'volatility'>().notNull(),
    trainingFrom: timestamp({ withTimezone: true }).notNull(),
    trainingTo: timestamp({ withTimezone: true }).notNull(),
    trainingRows: integer().notNull(),
  },
  (t) => [
    uniqueIndex('forecasts_natural_key').on(t.symbolId, t.horizon, t.lastBarTs, t.modelVersion),
    index('forecasts_latest').on(t.symbolId, t.horizon, t.runAt.desc()),
  ],
);

/**
 * The latest attempt per symbol × horizon, forecast or not: data-health says why a symbol has
 * no current forecast (too few bars, stale bars, an open gap, a pending split).
 */
export const forecastRuns = pgTable(
  'forecast_runs',
  {
    symbolId: symbolRef().notNull(),
    horizon: text().notNull(),
    timeframe: timeframe().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull(),
    status: text().$type<'ok' | 'skipped'>().notNull(),
    reason: text(),
    forecastId: bigint({ mode: 'number' }),
    lastBarTs: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.symbolId, t.horizon] })],
);

/**
 * What the latest walk-forward learned per symbol × horizon: the calibration forecasts apply and
 * the skill it measured on out-of-sample forecasts, replaced by each fit.
 */
export const forecastCalibrations = pgTable(
  'forecast_calibrations',
  {
    symbolId: symbolRef().notNull(),
    horizon: text().notNull(),
    modelVersion: text().notNull(),
    fittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The bars the walk-forward covered. */
    fromTs: timestamp({ withTimezone: true }).notNull(),
    toTs: timestamp({ withTimezone: true }).notNull(),
    samples: integer().notNull(),
    calibration: jsonb().$type<{ samples: number; classes: Array<{ xs: number[]; ys: number[] }>; conformal: { q80: number; q95: number; residuals: number } | null }>(),
    summary: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [primaryKey({ columns: [t.symbolId, t.horizon] })],
);
