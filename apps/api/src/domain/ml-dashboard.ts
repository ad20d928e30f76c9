import {
  weightsInForce, driftCounts, driftedSeries, findSymbol, forecastRunStates, listWatchlist, openFindingsBySeries, performanceByModel,
  ensembleBySymbol, performanceTrend, readSeriesStats, reliabilitySums, weightHistory, type Database, type PerformanceSums,
  type WeightChange,
} from '@marketfleet/db';
import type { MarketClock, Timeframe } from '@marketfleet/market';
import { FORECAST_HORIZONS, HORIZONS, MODELS, wilson, type Horizon } from '@marketfleet/ml';
import { NotFoundError } from '../errors';
import { baseRateOf, figuresOf, MIN_EVALUATIONS, reliabilityOf, sumAll, verdictOf } from './ml-figures';
import { forecastFreshness, MODEL_TIMEFRAMES, seriesQuality, sessionWindow } from './ml-window';

/** The combined forecast; the components are compared against it. */
export const ENSEMBLE = 'ensemble';
export const DASHBOARD_MODELS = [ENSEMBLE, ...MODELS] as const;
/** Symbols shown at each end of the per-symbol ranking. */
const RANKED_SHOWN = 10;
/** Drifted series listed by name (the counts cover them all). */
const DRIFTED_SHOWN = 20;
/** Longer windows are drawn per week: a daily point over a year is mostly noise. */
const DAILY_TREND_MAX_SESSIONS = 120;

export interface DashboardQuery {
  symbol?: string;
  horizon?: Horizon;
  days: number;
}

export interface DashboardDeps {
  database: Database;
  clock: MarketClock;
  slaMinutes: Record<Timeframe, number>;
  now: Date;
}

const weightOut = (w: WeightChange) => ({
  horizon: w.horizon, scope: w.symbolId === null ? ('horizon' as const) : ('symbol' as const), weights: w.weights, method: w.method,
  effectiveFrom: w.effectiveFrom.toISOString(),
});

/** Everything the dashboard shows, read in parallel; every figure is a sum from SQL turned into rates here. */
export async function mlDashboard(deps: DashboardDeps, q: DashboardQuery) {
  const { db } = deps.database;
  const found = q.symbol === undefined ? null : await findSymbol(db, q.symbol);
  if (q.symbol !== undefined && !found) throw new NotFoundError(`Symbol not found: ${q.symbol}`);
  const symbolId = found?.id ?? 0;
  const win = sessionWindow(deps.clock, deps.now, q.days);
  const horizons: readonly Horizon[] = q.horizon ? [q.horizon] : HORIZONS;
  const timeframes = q.horizon ? [FORECAST_HORIZONS[q.horizon].timeframe] : MODEL_TIMEFRAMES;
  const bucket = q.days > DAILY_TREND_MAX_SESSIONS ? ('week' as const) : ('day' as const);
  const w = { from: win.from, to: win.to, symbolId, horizon: q.horizon };
  const symbols = found ? [found] : await listWatchlist(db);
  const ids = symbols.map((s) => s.id);
  const scopeId = found?.id ?? null;

  const [byModel, bySymbol, trend, reliability, current, changes, startWeights, drift, drifted, runs, stats, findings] = await Promise.all([
    performanceByModel(db, w),
    ensembleBySymbol(db, { from: win.from, to: win.to, horizon: q.horizon }),
    performanceTrend(db, { ...w, model: ENSEMBLE, bucket }),
    reliabilitySums(db, { ...w, model: ENSEMBLE }),
    weightsInForce(db, { symbolId: scopeId, at: deps.now }),
    weightHistory(db, { symbolId: scopeId, since: win.since, until: deps.now }),
    weightsInForce(db, { symbolId: scopeId, at: win.since }),
    driftCounts(db, found ? [found.id] : null),
    driftedSeries(db, { symbolId: scopeId, limit: DRIFTED_SHOWN }),
    forecastRunStates(db, ids),
    readSeriesStats(db, ids),
    openFindingsBySeries(db, ids, timeframes),
  ]);

  const sumsOf = (horizon: string | null, model: string): PerformanceSums =>
    sumAll(byModel.filter((r) => r.model === model && (horizon === null || r.horizon === horizon)));
  const inHorizons = (h: string) => (horizons as readonly string[]).includes(h);

  const ranked = bySymbol.filter((s) => s.n >= MIN_EVALUATIONS).map((s) => ({ symbol: s.ticker, ...figuresOf(s) }));
  ranked.sort((a, b) => b.hitRate! - a.hitRate! || b.n - a.n || a.symbol.localeCompare(b.symbol));

  const baseRateByHorizon = new Map(horizons.map((h) => [h, baseRateOf(sumsOf(h, ENSEMBLE).ups, sumsOf(h, ENSEMBLE).n)]));
  const relRows = reliability.filter((r) => inHorizons(r.horizon));
  const weightFilter = (x: WeightChange) => inHorizons(x.horizon);

  return {
    window: {
      sessions: q.days, from: win.from, to: win.to, symbol: found?.ticker ?? null, horizon: q.horizon ?? null,
      minEvaluations: MIN_EVALUATIONS, checkedAt: deps.now.toISOString(),
    },
    overall: figuresOf(sumsOf(null, ENSEMBLE)),
    horizons: horizons.map((h) => ({
      horizon: h,
      timeframe: FORECAST_HORIZONS[h].timeframe,
      ...figuresOf(sumsOf(h, ENSEMBLE)),
      models: DASHBOARD_MODELS.map((m) => ({ model: m, ...figuresOf(sumsOf(h, m)) })),
    })),
    models: DASHBOARD_MODELS.map((m) => ({ model: m, ...figuresOf(sumsOf(null, m)) })),
    trend: {
      bucket,
      points: trend.map((t) => {
        const ci = wilson(t.hits, t.n);
        return {
          horizon: t.horizon, period: t.period, n: t.n, hitRate: t.n > 0 ? t.hits / t.n : null, lower: ci.lower, upper: ci.upper,
          baseRate: baseRateOf(t.ups, t.n), verdict: verdictOf(t.n, ci.lower, baseRateOf(t.ups, t.n)),
        };
      }),
      baseRates: horizons.map((h) => ({ horizon: h, baseRate: baseRateByHorizon.get(h) ?? null })),
    },
    reliability: [
      { horizon: 'all', ...reliabilityOf(relRows) },
      ...horizons.map((h) => ({ horizon: h, ...reliabilityOf(relRows.filter((r) => r.horizon === h)) })),
    ],
    weights: {
      current: current.filter(weightFilter).map(weightOut),
      // The rows in force when the window opened, then every change in it: the whole story of the window.
      history: [...startWeights.filter(weightFilter), ...changes.filter(weightFilter)].map(weightOut),
    },
    symbols: {
      ranked: ranked.length,
      tooFew: bySymbol.length - ranked.length,
      top: ranked.slice(0, RANKED_SHOWN),
      bottom: ranked.slice(Math.max(RANKED_SHOWN, ranked.length - RANKED_SHOWN)).reverse(),
    },
    drift: {
      byTimeframe: timeframes.map((tf) => {
        const rows = drift.filter((d) => d.timeframe === tf);
        const severity = { none: 0, low: 0, medium: 0, high: 0 } as Record<string, number>;
        for (const r of rows) severity[r.severity] = (severity[r.severity] ?? 0) + r.series;
        return { timeframe: tf, checked: rows.reduce((a, r) => a + r.series, 0), drifted: rows.reduce((a, r) => a + r.drifted, 0), severity };
      }),
      series: drifted
        .filter((d) => timeframes.includes(d.timeframe))
        .map((d) => ({ symbol: d.ticker, timeframe: d.timeframe, severity: d.severity, checkedAt: d.checkedAt.toISOString(), drifted: d.tests.filter((t) => t.drifted) })),
    },
    freshness: forecastFreshness({ symbolIds: ids, horizons, runs, clock: deps.clock, slaMinutes: deps.slaMinutes, now: deps.now }),
    quality: seriesQuality({ symbolIds: ids, timeframes, stats, findings, clock: deps.clock, slaMinutes: deps.slaMinutes, now: deps.now }),
  };
}

export type MlDashboard = Awaited<ReturnType<typeof mlDashboard>>;
