import type { Timeframe } from '@marketfleet/market';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { forecastCalibrations, forecastRuns, forecasts } from '../schema';
import { notifyDataChanged } from './notify';

export type ForecastRow = typeof forecasts.$inferSelect;
export type ForecastRecord = Omit<typeof forecasts.$inferInsert, 'id' | 'runAt'> & { runAt?: Date };
export type ForecastRunRow = typeof forecastRuns.$inferSelect;
export type CalibrationRow = typeof forecastCalibrations.$inferSelect;
export type CalibrationRecord = Omit<typeof forecastCalibrations.$inferInsert, 'fittedAt'>;

/**
 * Adds a forecast and records the attempt. The same symbol, horizon, latest bar and model is the
 * same forecast: a rerun returns the stored one's id and changes nothing.
 */
export async function saveForecast(db: Executor, f: ForecastRecord): Promise<{ id: number; created: boolean }> {
  const [inserted] = await db.insert(forecasts).values(f).onConflictDoNothing().returning({ id: forecasts.id });
  const id =
    inserted?.id ??
    (
      await db
        .select({ id: forecasts.id })
        .from(forecasts)
        .where(
          and(
            eq(forecasts.symbolId, f.symbolId),
            eq(forecasts.horizon, f.horizon),
            eq(forecasts.lastBarTs, f.lastBarTs),
            eq(forecasts.modelVersion, f.modelVersion),
          ),
        )
    )[0]!.id;
  await recordForecastRun(db, {
    symbolId: f.symbolId, horizon: f.horizon, timeframe: f.timeframe, attemptedAt: f.runAt ?? new Date(), status: 'ok',
    reason: null, forecastId: id, lastBarTs: f.lastBarTs,
  });
  // The chart shows the latest forecast: its cached responses must go.
  if (inserted) await notifyDataChanged(db, { symbolIds: [f.symbolId], timeframes: [f.timeframe] });
  return { id, created: inserted !== undefined };
}

/** The latest attempt per symbol × horizon (a skip keeps the last forecast's id). */
export async function recordForecastRun(db: Executor, run: ForecastRunRow): Promise<void> {
  await db
    .insert(forecastRuns)
    .values(run)
    .onConflictDoUpdate({
      target: [forecastRuns.symbolId, forecastRuns.horizon],
      set: {
        timeframe: sql`excluded.timeframe`,
        attemptedAt: sql`excluded.attempted_at`,
        status: sql`excluded.status`,
        reason: sql`excluded.reason`,
        forecastId: sql`coalesce(excluded.forecast_id, ${forecastRuns.forecastId})`,
        lastBarTs: sql`coalesce(excluded.last_bar_ts, ${forecastRuns.lastBarTs})`,
      },
    });
}

export async function latestForecast(db: Executor, symbolId: number, horizon: string): Promise<ForecastRow | null> {
  const [row] = await db
    .select()
    .from(forecasts)
    .where(and(eq(forecasts.symbolId, symbolId), eq(forecasts.horizon, horizon)))
    .orderBy(desc(forecasts.runAt), desc(forecasts.id))
    .limit(1);
  return row ?? null;
}

/** The latest attempts of some symbols (every horizon), for data-health. */
export async function forecastRunsOf(db: Executor, symbolIds: readonly number[]): Promise<ForecastRunRow[]> {
  if (symbolIds.length === 0) return [];
  return db.select().from(forecastRuns).where(inArray(forecastRuns.symbolId, [...symbolIds]));
}

/** When each of some symbols' latest forecast of a timeframe ran (for the chart's meta). */
export async function latestForecastRunAt(db: Executor, symbolId: number, timeframe: Timeframe): Promise<Date | null> {
  const [row] = await db
    .select({ runAt: forecasts.runAt })
    .from(forecasts)
    .where(and(eq(forecasts.symbolId, symbolId), eq(forecasts.timeframe, timeframe)))
    .orderBy(desc(forecasts.runAt))
    .limit(1);
  return row?.runAt ?? null;
}

export async function saveCalibration(db: Executor, c: CalibrationRecord): Promise<void> {
  await db
    .insert(forecastCalibrations)
    .values(c)
    .onConflictDoUpdate({
      target: [forecastCalibrations.symbolId, forecastCalibrations.horizon],
      set: {
        modelVersion: sql`excluded.model_version`,
        fittedAt: sql`now()`,
        fromTs: sql`excluded.from_ts`,
        toTs: sql`excluded.to_ts`,
        samples: sql`excluded.samples`,
        calibration: sql`excluded.calibration`,
        summary: sql`excluded.summary`,
      },
    });
}

export async function getCalibration(db: Executor, symbolId: number, horizon: string): Promise<CalibrationRow | null> {
  const [row] = await db
    .select()
    .from(forecastCalibrations)
    .where(and(eq(forecastCalibrations.symbolId, symbolId), eq(forecastCalibrations.horizon, horizon)));
  return row ?? null;
}

/** Per symbol × timeframe, the newest forecast's run time and the bar it was made from (data-health). */
export async function latestForecastsBySeries(db: Executor, symbolIds: readonly number[]): Promise<Map<string, { runAt: Date; lastBarTs: Date }>> {
  if (symbolIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([forecasts.symbolId, forecasts.timeframe], {
      symbolId: forecasts.symbolId,
      timeframe: forecasts.timeframe,
      runAt: forecasts.runAt,
      lastBarTs: forecasts.lastBarTs,
    })
    .from(forecasts)
    .where(inArray(forecasts.symbolId, [...symbolIds]))
    .orderBy(forecasts.symbolId, forecasts.timeframe, desc(forecasts.lastBarTs), desc(forecasts.runAt));
  return new Map(rows.map((r) => [`${r.symbolId}|${r.timeframe}`, { runAt: r.runAt, lastBarTs: r.lastBarTs }]));
}
