import type { ForecastRow } from '@marketfleet/db';
import { assessFreshness, type FreshnessClock, type Timeframe } from '@marketfleet/market';

/** The chart contract's forecast: the path with its 80 % band as lower/upper. */
export function chartForecast(f: ForecastRow) {
  return {
    label: f.label,
    confidence: f.confidence,
    horizon: f.horizon,
    runAt: f.runAt.toISOString(),
    points: f.points.map((p) => ({ ts: p.ts, value: p.value, lower: p.lower80, upper: p.upper80 })),
  };
}

/**
 * A forecast is stale by the bars' own rule: when the bars it was made from lag the market by
 * more than the timeframe's SLA. A closed market therefore never makes a forecast stale, and a
 * forecast is current as long as no newer bar has closed long enough ago to need a new one.
 */
export function forecastHealth(
  latest: { runAt: Date; lastBarTs: Date } | null,
  timeframe: Timeframe,
  slaMinutes: number,
  clock: FreshnessClock,
  now: Date,
) {
  if (!latest) return { latestRunAt: null, isStale: true, ageHours: null };
  const { isWithinSla } = assessFreshness({ now, lastBarTs: latest.lastBarTs, timeframe, slaMinutes, clock });
  return {
    latestRunAt: latest.runAt.toISOString(),
    isStale: !isWithinSla,
    ageHours: Math.round((now.getTime() - latest.runAt.getTime()) / 360_000) / 10,
  };
}
