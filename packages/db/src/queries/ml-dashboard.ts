import type { Timeframe } from '@marketfleet/market';
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import type { modelPerformance } from '../schema';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

/**
 * The ML dashboard's reads. Everything is summed in SQL from `model_performance`, whose rows are
 * additive per day, so a window's figures are exact sums; the caller turns sums into rates.
 * `symbolId` 0 reads the all-symbols rows.
 */
export interface PerformanceWindow {
  /** First and last New York session date of the window, inclusive. */
  from: string;
  to: string;
  symbolId: number;
  horizon?: string;
}

/** The additive figures of some forecasts: counts and sums, never rates (the table's columns). */
export type PerformanceSums = Omit<typeof modelPerformance.$inferSelect, 'day' | 'horizon' | 'model' | 'symbolId' | 'reliability'>;

const SUMS = sql`
  coalesce(sum(n), 0)::int as n, coalesce(sum(hits), 0)::int as hits, coalesce(sum(ups), 0)::int as ups,
  coalesce(sum(label_hits), 0)::int as label_hits, coalesce(sum(abs_error), 0)::float8 as abs_error,
  coalesce(sum(abs_error_random_walk), 0)::float8 as abs_error_random_walk, coalesce(sum(in80), 0)::int as in80,
  coalesce(sum(in95), 0)::int as in95, coalesce(sum(brier), 0)::float8 as brier,
  coalesce(sum(brier_climatology), 0)::float8 as brier_climatology`;

type SumsRow = {
  n: number; hits: number; ups: number; label_hits: number; abs_error: number; abs_error_random_walk: number;
  in80: number; in95: number; brier: number; brier_climatology: number;
};

const sumsOf = (r: SumsRow): PerformanceSums => ({
  n: r.n, hits: r.hits, ups: r.ups, labelHits: r.label_hits, absError: r.abs_error, absErrorRandomWalk: r.abs_error_random_walk,
  in80: r.in80, in95: r.in95, brier: r.brier, brierClimatology: r.brier_climatology,
});

/** The window's rows: the primary key's leading `day` (or the symbol index) bounds the scan. */
function windowWhere(w: PerformanceWindow, extra?: SQL): SQL {
  const horizon = w.horizon === undefined ? sql`` : sql` and horizon = ${w.horizon}`;
  const more = extra ? sql` and ${extra}` : sql``;
  return sql`symbol_id = ${w.symbolId} and day between ${w.from}::date and ${w.to}::date${horizon}${more}`;
}

/** Per horizon × model over the window, for one symbol or (0) all. */
export async function performanceByModel(db: Executor, w: PerformanceWindow): Promise<Array<{ horizon: string; model: string } & PerformanceSums>> {
  const rows = await db.execute<SumsRow & { horizon: string; model: string }>(sql`
    select horizon, model, ${SUMS} from model_performance where ${windowWhere(w)}
    group by horizon, model order by horizon, model`);
  return rows.map((r) => ({ horizon: r.horizon, model: r.model, ...sumsOf(r) }));
}

/**
 * The ensemble's figures per symbol over the window (every horizon, or the one asked for). The
 * predicate is written out, not bound, so the planner matches the partial index that covers it.
 */
export function ensembleBySymbolQuery(w: Omit<PerformanceWindow, 'symbolId'>): SQL {
  const horizon = w.horizon === undefined ? sql`` : sql` and mp.horizon = ${w.horizon}`;
  return sql`
    with sums as (
      select symbol_id, ${SUMS} from model_performance mp
      where mp.model = 'ensemble' and mp.symbol_id <> 0 and mp.day between ${w.from}::date and ${w.to}::date${horizon}
      group by symbol_id
    )
    select sums.*, s.ticker from sums join symbols s on s.id = sums.symbol_id`;
}

export async function ensembleBySymbol(
  db: Executor,
  w: Omit<PerformanceWindow, 'symbolId'>,
): Promise<Array<{ symbolId: number; ticker: string } & PerformanceSums>> {
  const rows = await db.execute<SumsRow & { symbol_id: number; ticker: string }>(ensembleBySymbolQuery(w));
  return rows.map((r) => ({ symbolId: r.symbol_id, ticker: r.ticker, ...sumsOf(r) }));
}

export type TrendBucket = 'day' | 'week';

/** One model's hit counts per day (or week, starting Monday) per horizon, oldest first. */
export async function performanceTrend(
  db: Executor,
  w: PerformanceWindow & { model: string; bucket: TrendBucket },
): Promise<Array<{ horizon: string; period: string; n: number; hits: number; ups: number; in80: number; in95: number }>> {
  const period = w.bucket === 'week' ? sql`date_trunc('week', day)::date` : sql`day`;
  const rows = await db.execute<{ horizon: string; period: string; n: number; hits: number; ups: number; in80: number; in95: number }>(sql`
    select horizon, ${period}::text as period, sum(n)::int as n, sum(hits)::int as hits, sum(ups)::int as ups,
      sum(in80)::int as in80, sum(in95)::int as in95
    from model_performance where ${windowWhere(w, sql`model = ${w.model}`)}
    group by horizon, 2 order by 2, horizon`);
  return rows.map((r) => ({ ...r }));
}

/** One model's reliability bins summed over the window, per horizon: [count, sum of p, hits] per tenth. */
export async function reliabilitySums(
  db: Executor,
  w: PerformanceWindow & { model: string },
): Promise<Array<{ horizon: string; bin: number; count: number; sumP: number; hits: number }>> {
  const rows = await db.execute<{ horizon: string; bin: number; count: number; sum_p: number; hits: number }>(sql`
    select horizon, (b.ord - 1)::int as bin, sum((b.v ->> 0)::float8)::float8 as count,
      sum((b.v ->> 1)::float8)::float8 as sum_p, sum((b.v ->> 2)::float8)::float8 as hits
    from model_performance, jsonb_array_elements(reliability) with ordinality as b(v, ord)
    where ${windowWhere(w, sql`model = ${w.model}`)}
    group by horizon, b.ord order by horizon, b.ord`);
  return rows.map((r) => ({ horizon: r.horizon, bin: r.bin, count: r.count, sumP: r.sum_p, hits: r.hits }));
}

export interface WeightChange {
  horizon: string;
  symbolId: number | null;
  weights: Record<string, number>;
  method: string;
  effectiveFrom: Date;
}

type RawWeights = { horizon: string; symbol_id: number | null; weights: Record<string, number>; method: string; effective_from: string };
const weightsOf = (r: RawWeights): WeightChange => ({
  horizon: r.horizon, symbolId: r.symbol_id, weights: r.weights, method: r.method, effectiveFrom: toDate(r.effective_from),
});

/** Which weight rows a read covers: the horizon-wide ones, plus one symbol's own. */
const weightScope = (symbolId: number | null) =>
  symbolId === null ? sql`symbol_id is null` : sql`(symbol_id is null or symbol_id = ${symbolId})`;

/** The newest row per horizon × scope at `at` (the one in force then). */
export async function weightsInForce(db: Executor, opts: { symbolId: number | null; at: Date }): Promise<WeightChange[]> {
  const rows = await db.execute<RawWeights>(sql`
    select distinct on (horizon, symbol_id) horizon, symbol_id, weights, method, effective_from
    from model_weights where ${weightScope(opts.symbolId)} and effective_from <= ${opts.at.toISOString()}::timestamptz
    order by horizon, symbol_id, effective_from desc, id desc`);
  return rows.map(weightsOf);
}

/** Every change since `since` (oldest first); with the rows in force at `since`, the whole history of the window. */
export async function weightHistory(db: Executor, opts: { symbolId: number | null; since: Date; until: Date }): Promise<WeightChange[]> {
  const rows = await db.execute<RawWeights>(sql`
    select horizon, symbol_id, weights, method, effective_from from model_weights
    where ${weightScope(opts.symbolId)}
      and effective_from > ${opts.since.toISOString()}::timestamptz and effective_from <= ${opts.until.toISOString()}::timestamptz
    order by effective_from, id`);
  return rows.map(weightsOf);
}

export interface DriftCount {
  timeframe: Timeframe;
  severity: string;
  series: number;
  drifted: number;
}

/** Drift checks per timeframe × severity, over some symbols (or all). */
export async function driftCounts(db: Executor, symbolIds: readonly number[] | null): Promise<DriftCount[]> {
  const scope = symbolIds === null ? sql`true` : sql`symbol_id = any(${pgArray(symbolIds)}::int[])`;
  const rows = await db.execute<{ timeframe: Timeframe; severity: string; series: number; drifted: number }>(sql`
    select timeframe, severity, count(*)::int as series, (count(*) filter (where drifted))::int as drifted
    from feature_drift where ${scope} group by timeframe, severity order by timeframe, severity`);
  return rows.map((r) => ({ ...r }));
}

export interface DriftedSeries {
  ticker: string;
  timeframe: Timeframe;
  severity: string;
  checkedAt: Date;
  /** The tests that drifted, with their statistics. */
  tests: Array<{ name: string; d: number; p: number; psi: number; severity: string; drifted: boolean }>;
}

/** The drifted series, worst and newest first; one symbol's checks whatever their state. */
export async function driftedSeries(db: Executor, opts: { symbolId: number | null; limit: number }): Promise<DriftedSeries[]> {
  const scope = opts.symbolId === null ? sql`fd.drifted` : sql`fd.symbol_id = ${opts.symbolId}`;
  const rows = await db.execute<{ ticker: string; timeframe: Timeframe; severity: string; checked_at: string; tests: DriftedSeries['tests'] }>(sql`
    select s.ticker, fd.timeframe, fd.severity, fd.checked_at, fd.tests
    from feature_drift fd join symbols s on s.id = fd.symbol_id
    where ${scope}
    order by array_position(array['high', 'medium', 'low', 'none'], fd.severity), fd.checked_at desc, s.ticker
    limit ${opts.limit}`);
  return rows.map((r) => ({ ticker: r.ticker, timeframe: r.timeframe, severity: r.severity, checkedAt: toDate(r.checked_at), tests: r.tests }));
}

export interface ForecastRunState {
  symbolId: number;
  horizon: string;
  timeframe: Timeframe;
  status: 'ok' | 'skipped';
  reason: string | null;
  attemptedAt: Date;
  /** The bar the newest forecast was made from (kept through skips). */
  lastBarTs: Date | null;
}

/** The latest forecast attempt per symbol × horizon of some symbols: one row each, from the runs table. */
export async function forecastRunStates(db: Executor, symbolIds: readonly number[]): Promise<ForecastRunState[]> {
  if (symbolIds.length === 0) return [];
  const rows = await db.execute<{
    symbol_id: number; horizon: string; timeframe: Timeframe; status: 'ok' | 'skipped'; reason: string | null; attempted_at: string; last_bar_ts: string | null;
  }>(sql`
    select symbol_id, horizon, timeframe, status, reason, attempted_at, last_bar_ts from forecast_runs
    where symbol_id = any(${pgArray(symbolIds)}::int[])`);
  return rows.map((r) => ({
    symbolId: r.symbol_id, horizon: r.horizon, timeframe: r.timeframe, status: r.status, reason: r.reason,
    attemptedAt: toDate(r.attempted_at), lastBarTs: toDate(r.last_bar_ts),
  }));
}

/** Open data-quality findings per timeframe × kind over some symbols' series of some timeframes. */
export async function openFindingsBySeries(
  db: Executor,
  symbolIds: readonly number[],
  timeframes: readonly Timeframe[],
): Promise<Array<{ timeframe: Timeframe; kind: string; findings: number; series: number }>> {
  if (symbolIds.length === 0 || timeframes.length === 0) return [];
  const rows = await db.execute<{ timeframe: Timeframe; kind: string; findings: number; series: number }>(sql`
    select timeframe, kind, count(*)::int as findings, count(distinct symbol_id)::int as series from quality_findings
    where resolved_at is null and symbol_id = any(${pgArray(symbolIds)}::int[])
      and timeframe::text = any(${pgArray(timeframes)}::text[])
    group by timeframe, kind order by timeframe, kind`);
  return rows.map((r) => ({ ...r }));
}
