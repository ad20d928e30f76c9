import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { timeframe } from './bars';
import { forecasts } from './forecasts';
import { symbolRef } from './symbols';

/** One model's share of an evaluated forecast. */
export interface ModelScore {
  expectedReturn: number;
  /** Its expected return had the realised return's sign. */
  hit: boolean;
  /** |its forecast price − realised| / start. */
  absError: number;
  /** Its class probabilities' Brier score against the realised class. */
  brier: number;
}

/**
 * Every forecast whose horizon has passed, scored once against the realised bars (read when they
 * are final, so a corrected bar is what counts). Keyed by the forecast: a rerun adds nothing.
 */
export const forecastEvaluations = pgTable(
  'forecast_evaluations',
  {
    forecastId: bigint({ mode: 'number' })
      .primaryKey()
      .references(() => forecasts.id, { onDelete: 'cascade' }),
    symbolId: symbolRef().notNull(),
    timeframe: timeframe().notNull(),
    horizon: text().notNull(),
    madeAt: timestamp({ withTimezone: true }).notNull(),
    /** Start of the bar whose close the forecast spoke about. */
    targetTs: timestamp({ withTimezone: true }).notNull(),
    /** Its New York session date: the day the performance history files it under. */
    targetDate: date({ mode: 'string' }).notNull(),
    evaluatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startPrice: doublePrecision().notNull(),
    realizedPrice: doublePrecision().notNull(),
    realizedReturn: doublePrecision().notNull(),
    expectedReturn: doublePrecision().notNull(),
    directionHit: boolean().notNull(),
    /** The seed's 3-class labels at ±2 % (daily) or ±0.2 % (intraday). */
    predictedLabel: text().notNull(),
    realizedLabel: text().notNull(),
    labelHit: boolean().notNull(),
    /** The realised class at the forecast's own boundary, its probability's Brier score, and the climatology's. */
    realizedClass: smallint().notNull(),
    confidence: doublePrecision().notNull(),
    labelCorrect: boolean().notNull(),
    brier: doublePrecision().notNull(),
    brierClimatology: doublePrecision().notNull(),
    absError: doublePrecision().notNull(),
    absErrorRandomWalk: doublePrecision().notNull(),
    in80: boolean().notNull(),
    in95: boolean().notNull(),
    /** The seed's Option B grade (intraday horizons). */
    optionB: text(),
    models: jsonb().$type<Record<string, ModelScore>>().notNull(),
  },
  (t) => [index('forecast_evaluations_day').on(t.targetDate, t.horizon), index('forecast_evaluations_symbol').on(t.symbolId, t.horizon, t.targetDate)],
);

/**
 * Additive daily figures per horizon × model × symbol (symbol 0: every symbol), recomputed for
 * each day new evaluations land. Sums, not rates, so any window's figures are exact sums of days.
 */
export const modelPerformance = pgTable(
  'model_performance',
  {
    day: date({ mode: 'string' }).notNull(),
    horizon: text().notNull(),
    model: text().notNull(),
    symbolId: integer().notNull(),
    n: integer().notNull(),
    hits: integer().notNull(),
    /** Realised returns above zero: the base rate's numerator. */
    ups: integer().notNull(),
    labelHits: integer().notNull(),
    absError: doublePrecision().notNull(),
    absErrorRandomWalk: doublePrecision().notNull(),
    in80: integer().notNull(),
    in95: integer().notNull(),
    brier: doublePrecision().notNull(),
    brierClimatology: doublePrecision().notNull(),
    /** Per tenth of the label's probability: count, summed probability, labels that came true. */
    reliability: jsonb().$type<Array<[number, number, number]>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.horizon, t.model, t.symbolId] }),
    index('model_performance_symbol').on(t.symbolId, t.day),
    // The dashboard's per-symbol ranking of the ensemble: every figure but the wide reliability
    // bins, so a window's rows are summed by an index-only scan instead of reading the table.
    index('model_performance_ensemble_by_symbol')
      .on(t.day, t.symbolId, t.horizon, t.n, t.hits, t.ups, t.labelHits, t.absError, t.absErrorRandomWalk, t.in80, t.in95, t.brier, t.brierClimatology)
      .where(sql`model = 'ensemble' and symbol_id <> 0`),
  ],
);

/**
 * Every weight change, with what it was computed from. The ensemble uses the newest row for the
 * symbol × horizon, else for the horizon, else equal weights.
 */
export const modelWeights = pgTable(
  'model_weights',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    horizon: text().notNull(),
    /** Null: the horizon's weights for every symbol without its own. */
    symbolId: integer(),
    weights: jsonb().$type<Record<string, number>>().notNull(),
    method: text().$type<'live-evidence' | 'layer-grid'>().notNull(),
    inputs: jsonb().$type<Record<string, unknown>>().notNull(),
    effectiveFrom: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('model_weights_current').on(t.horizon, t.symbolId, t.effectiveFrom.desc())],
);

/** The latest drift check of a series' features: the training window against the recent one. */
export const featureDrift = pgTable(
  'feature_drift',
  {
    symbolId: symbolRef().notNull(),
    timeframe: timeframe().notNull(),
    checkedAt: timestamp({ withTimezone: true }).notNull(),
    severity: text().$type<'none' | 'low' | 'medium' | 'high'>().notNull(),
    drifted: boolean().notNull(),
    /** Per feature and for the returns: KS D, its p-value, PSI, severity, drifted. */
    tests: jsonb().$type<Array<{ name: string; d: number; p: number; psi: number; severity: string; drifted: boolean }>>().notNull(),
    referenceBars: integer().notNull(),
    recentBars: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbolId, t.timeframe] })],
);
