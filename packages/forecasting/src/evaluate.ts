import { pendingCorporateActions, type Db } from '@marketfleet/db';
import { FORECAST_HORIZONS, horizonsOf, type EvaluationSummary, type Horizon } from '@marketfleet/ml';
import { isSplit, nyDate, type MarketClock, type Timeframe } from '@marketfleet/market';
import type { ThreadPool } from '@marketfleet/runtime';
import { loadSeries, type Series } from './series';
import type { WalkForwardTaskInput, WalkForwardTaskOutput } from './tasks';

/** A request the caller must fix: named, changes nothing. */
export class EvaluationInputError extends Error {}

export interface EvaluationRequest {
  symbol: string;
  timeframe: Timeframe;
  horizons?: Horizon[];
  /** Forecasts made from/to these instants are scored; earlier bars still train. */
  from?: Date;
  to?: Date;
}

export interface HorizonEvaluation {
  horizon: Horizon;
  summary: EvaluationSummary | null;
  /** Bar starts of the first and last forecast scored. */
  first: Date | null;
  last: Date | null;
}

/** Bars the calendar expects between the series' first and last bar that are not stored. */
export function missingBars(clock: MarketClock, series: Series): { missing: number; firstMissing: Date | null } {
  const first = series.ts[0];
  const last = series.ts.at(-1);
  if (!first || !last) return { missing: 0, firstMissing: null };
  const stored = new Set(series.ts.map((t) => t.getTime()));
  const expected = clock.expectedBars(series.timeframe, first, new Date(last.getTime() + 1));
  const gaps = expected.filter((t) => !stored.has(t.getTime()));
  return { missing: gaps.length, firstMissing: gaps[0] ?? null };
}

/**
 * The walk-forward over a symbol's stored bars (split-adjusted), per horizon: what
 * `marketfleet evaluate` prints. Refuses what would make the figures meaningless: an unknown
 * symbol, a horizon of another timeframe, bars missing against the calendar, a pending split.
 */
export async function evaluateSeries(db: Db, clock: MarketClock, pool: ThreadPool, req: EvaluationRequest, now = new Date()): Promise<HorizonEvaluation[]> {
  const horizons = req.horizons ?? horizonsOf(req.timeframe);
  if (horizons.length === 0) throw new EvaluationInputError(`no forecast horizon is made from ${req.timeframe} bars (d1: 1D, 1W, 1M; m15: 15m; h1: 1h)`);
  for (const h of horizons) {
    if (FORECAST_HORIZONS[h].timeframe !== req.timeframe) throw new EvaluationInputError(`horizon ${h} is forecast from ${FORECAST_HORIZONS[h].timeframe} bars, not ${req.timeframe}`);
  }
  const series = await loadSeries(db, req.symbol, req.timeframe, { to: req.to });
  if (!series) throw new EvaluationInputError(`unknown symbol: ${req.symbol}`);
  if (series.bars.length === 0) throw new EvaluationInputError(`${req.symbol} has no ${req.timeframe} bars stored`);
  const { missing, firstMissing } = missingBars(clock, series);
  if (missing > 0) {
    throw new EvaluationInputError(
      `${req.symbol} ${req.timeframe} has ${missing} bar${missing === 1 ? '' : 's'} missing against the market calendar (the first at ${firstMissing!.toISOString()}); fill them (backfill or import) before evaluating`,
    );
  }
  const pending = (await pendingCorporateActions(db, nyDate(now), [series.symbolId])).filter(isSplit);
  if (pending.length > 0) throw new EvaluationInputError(`${req.symbol} has a pending split on ${pending[0]!.exDate}; evaluate after it`);
  const from = req.from ? series.ts.findIndex((t) => t >= req.from!) : undefined;
  const out: HorizonEvaluation[] = [];
  for (const horizon of horizons) {
    const input: WalkForwardTaskInput = { horizon, bars: series.bars, from: from === -1 ? series.bars.length : from };
    const r = await pool.run<WalkForwardTaskOutput>('walkForward', input);
    out.push({
      horizon,
      summary: r.summary,
      first: r.firstIndex === null ? null : series.ts[r.firstIndex]!,
      last: r.lastIndex === null ? null : series.ts[r.lastIndex]!,
    });
  }
  return out;
}
