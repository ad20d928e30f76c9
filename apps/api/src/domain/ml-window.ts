import { assessFreshness, nyDate, nyWallTime, type MarketClock, type Timeframe } from '@marketfleet/market';
import type { ForecastRunState, SeriesStats } from '@marketfleet/db';
import { FORECAST_HORIZONS, HORIZONS, type Horizon } from '@marketfleet/ml';
import { forecastHealth } from './forecast-view';

/** The timeframes whose bars the forecasts are made from, in the horizons' order. */
export const MODEL_TIMEFRAMES: readonly Timeframe[] = [...new Set(HORIZONS.map((h) => FORECAST_HORIZONS[h].timeframe))];

/**
 * The last `sessions` market sessions up to now, as New York dates: performance is filed by the
 * session its target bar fell in, so a window of sessions holds the same number of trading days
 * whatever weekends and holidays it spans.
 */
export function sessionWindow(clock: MarketClock, now: Date, sessions: number): { from: string; to: string; since: Date } {
  const to = nyDate(now);
  let first = clock.session(to) ? to : clock.previousSession(to).date;
  for (let i = 1; i < sessions; i++) first = clock.previousSession(first).date;
  return { from: first, to, since: nyWallTime(first, '00:00') };
}

export interface FreshnessCount {
  timeframe: Timeframe;
  horizon: Horizon;
  /** Symbol × horizon pairs a forecast is expected for. */
  expected: number;
  current: number;
  stale: number;
  /** No forecast was ever made. */
  missing: number;
  /** The latest attempt was skipped, by reason. */
  skipped: number;
  skipReasons: Record<string, number>;
}

/**
 * Per horizon, how many of the symbols' forecasts are current by the bars' own rule (the
 * forecast view's): a forecast is stale when the bars it was made from lag the market by more
 * than the timeframe's SLA.
 */
export function forecastFreshness(opts: {
  symbolIds: readonly number[];
  horizons: readonly Horizon[];
  runs: readonly ForecastRunState[];
  clock: MarketClock;
  slaMinutes: Record<Timeframe, number>;
  now: Date;
}): FreshnessCount[] {
  const runOf = new Map(opts.runs.map((r) => [`${r.symbolId}|${r.horizon}`, r]));
  return opts.horizons.map((horizon) => {
    const timeframe = FORECAST_HORIZONS[horizon].timeframe;
    const out: FreshnessCount = { timeframe, horizon, expected: 0, current: 0, stale: 0, missing: 0, skipped: 0, skipReasons: {} };
    for (const id of opts.symbolIds) {
      out.expected++;
      const run = runOf.get(`${id}|${horizon}`);
      if (run?.status === 'skipped') {
        out.skipped++;
        const reason = run.reason ?? 'unknown';
        out.skipReasons[reason] = (out.skipReasons[reason] ?? 0) + 1;
      }
      if (!run?.lastBarTs) {
        out.missing++;
        out.stale++;
        continue;
      }
      const health = forecastHealth({ runAt: run.attemptedAt, lastBarTs: run.lastBarTs }, timeframe, opts.slaMinutes[timeframe], opts.clock, opts.now);
      if (health.isStale) out.stale++;
      else out.current++;
    }
    return out;
  });
}

/** Per timeframe the models use: the symbols' series that have bars, and those whose bars lag past the SLA. */
export function seriesQuality(opts: {
  symbolIds: readonly number[];
  timeframes: readonly Timeframe[];
  stats: readonly SeriesStats[];
  findings: ReadonlyArray<{ timeframe: Timeframe; kind: string; findings: number; series: number }>;
  clock: MarketClock;
  slaMinutes: Record<Timeframe, number>;
  now: Date;
}) {
  return opts.timeframes.map((timeframe) => {
    const stats = opts.stats.filter((s) => s.timeframe === timeframe);
    const staleBars = stats.filter(
      (s) => !assessFreshness({ now: opts.now, lastBarTs: s.lastTs, timeframe, slaMinutes: opts.slaMinutes[timeframe], clock: opts.clock }).isWithinSla,
    ).length;
    const openFindings: Record<string, number> = {};
    for (const f of opts.findings) if (f.timeframe === timeframe) openFindings[f.kind] = f.findings;
    return {
      timeframe,
      series: opts.symbolIds.length,
      withBars: stats.length,
      staleBars,
      bars: stats.reduce((a, s) => a + s.barCount, 0),
      openFindings,
    };
  });
}
