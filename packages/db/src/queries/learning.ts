import { and, desc, eq, gte, inArray, isNull, lt, notExists, sql } from 'drizzle-orm';
import type { Db, Executor } from '../client';
import { featureDrift, forecastEvaluations, forecasts, modelPerformance, modelWeights } from '../schema';

export type EvaluationRecord = Omit<typeof forecastEvaluations.$inferInsert, 'evaluatedAt'>;
export type EvaluationRow = typeof forecastEvaluations.$inferSelect;
export type PerformanceRecord = typeof modelPerformance.$inferInsert;
export type WeightsRow = typeof modelWeights.$inferSelect;
export type DriftRecord = typeof featureDrift.$inferInsert;

export type PendingForecast = Pick<
  typeof forecasts.$inferSelect,
  'id' | 'symbolId' | 'timeframe' | 'horizon' | 'runAt' | 'lastBarTs' | 'label' | 'confidence' | 'probabilities'
  | 'currentPrice' | 'expectedReturn' | 'threshold' | 'points' | 'components'
>;

/**
 * Forecasts not evaluated yet, oldest first, a page after `afterId`. Forecasts made before
 * `madeAfter` are left for good (their bars are past any correction window).
 */
export async function pendingForecasts(db: Executor, q: { afterId: number; madeAfter: Date; limit: number }): Promise<PendingForecast[]> {
  return db
    .select({
      id: forecasts.id, symbolId: forecasts.symbolId, timeframe: forecasts.timeframe, horizon: forecasts.horizon, runAt: forecasts.runAt,
      lastBarTs: forecasts.lastBarTs, label: forecasts.label, confidence: forecasts.confidence, probabilities: forecasts.probabilities,
      currentPrice: forecasts.currentPrice, expectedReturn: forecasts.expectedReturn, threshold: forecasts.threshold, points: forecasts.points,
      components: forecasts.components,
    })
    .from(forecasts)
    .where(
      and(
        sql`${forecasts.id} > ${q.afterId}`,
        gte(forecasts.runAt, q.madeAfter),
        notExists(db.select({ one: sql`1` }).from(forecastEvaluations).where(eq(forecastEvaluations.forecastId, forecasts.id))),
      ),
    )
    .orderBy(forecasts.id)
    .limit(q.limit);
}

/**
 * Stores evaluations (a forecast already evaluated keeps its first evaluation) and, in the same
 * transaction, rebuilds the performance history of the days they landed on from every
 * evaluation of those days: a crash leaves both or neither, and a rerun adds nothing.
 */
export async function saveEvaluations(
  db: Db,
  records: readonly EvaluationRecord[],
  performanceOf: (evaluations: readonly EvaluationRow[]) => PerformanceRecord[],
): Promise<{ inserted: number; days: string[] }> {
  if (records.length === 0) return { inserted: 0, days: [] };
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(forecastEvaluations).values([...records]).onConflictDoNothing().returning({ day: forecastEvaluations.targetDate });
    const days = [...new Set(inserted.map((r) => r.day))].sort();
    if (days.length === 0) return { inserted: 0, days };
    const ofDays = await tx.select().from(forecastEvaluations).where(inArray(forecastEvaluations.targetDate, days));
    await tx.delete(modelPerformance).where(inArray(modelPerformance.day, days));
    const rows = performanceOf(ofDays);
    for (let i = 0; i < rows.length; i += 2000) await tx.insert(modelPerformance).values(rows.slice(i, i + 2000));
    return { inserted: inserted.length, days };
  });
}

/** Every model's daily sums on days in [fromDay, toDay) for one symbol (0: all), per horizon. */
export async function performanceWindow(db: Executor, q: { symbolId: number; fromDay: string; toDay?: string; horizon?: string }): Promise<PerformanceRecord[]> {
  return db
    .select()
    .from(modelPerformance)
    .where(
      and(
        eq(modelPerformance.symbolId, q.symbolId),
        gte(modelPerformance.day, q.fromDay),
        q.toDay ? lt(modelPerformance.day, q.toDay) : undefined,
        q.horizon ? eq(modelPerformance.horizon, q.horizon) : undefined,
      ),
    );
}

/** The newest weights for the symbol × horizon (symbolId null: the horizon's), or null. */
export async function currentWeights(db: Executor, horizon: string, symbolId: number | null): Promise<WeightsRow | null> {
  const [row] = await db
    .select()
    .from(modelWeights)
    .where(and(eq(modelWeights.horizon, horizon), symbolId === null ? isNull(modelWeights.symbolId) : eq(modelWeights.symbolId, symbolId)))
    .orderBy(desc(modelWeights.effectiveFrom), desc(modelWeights.id))
    .limit(1);
  return row ?? null;
}

/**
 * Keeps a weight change with its inputs. Weights that are negative, not finite or do not sum to
 * 1 are refused with a RangeError and nothing is written.
 */
export async function saveWeights(db: Executor, w: Omit<typeof modelWeights.$inferInsert, 'id'>): Promise<WeightsRow> {
  const values = Object.entries(w.weights);
  const bad = values.find(([, v]) => !(typeof v === 'number' && Number.isFinite(v) && v >= 0));
  if (bad || values.length === 0) throw new RangeError(`weight ${bad?.[0] ?? '(none)'} is ${String(bad?.[1])}: weights must be finite and non-negative`);
  const total = values.reduce((s, [, v]) => s + v, 0);
  if (Math.abs(total - 1) > 1e-6) throw new RangeError(`weights sum to ${total}, not 1`);
  const [row] = await db.insert(modelWeights).values(w).returning();
  return row!;
}

/** A symbol × horizon's evaluations since a time, newest `limit`, oldest first. */
export async function evaluationsOf(db: Executor, q: { symbolId: number; horizon: string; since: Date; limit: number }): Promise<EvaluationRow[]> {
  const rows = await db
    .select()
    .from(forecastEvaluations)
    .where(and(eq(forecastEvaluations.symbolId, q.symbolId), eq(forecastEvaluations.horizon, q.horizon), gte(forecastEvaluations.madeAt, q.since)))
    .orderBy(desc(forecastEvaluations.madeAt))
    .limit(q.limit);
  return rows.reverse();
}

/** Replaces the series' drift check. */
export async function saveDrift(db: Executor, d: DriftRecord): Promise<void> {
  await db
    .insert(featureDrift)
    .values(d)
    .onConflictDoUpdate({
      target: [featureDrift.symbolId, featureDrift.timeframe],
      set: { checkedAt: d.checkedAt, severity: d.severity, drifted: d.drifted, tests: d.tests, referenceBars: d.referenceBars, recentBars: d.recentBars },
    });
}
