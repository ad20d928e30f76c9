import { pendingForecasts, readAdjustedBars, saveEvaluations, type EvaluationRecord, type PendingForecast, type StoredBar } from '@marketfleet/db';
import { FORECAST_HORIZONS, isHorizon, performanceRows, scoreForecast, type Horizon } from '@marketfleet/ml';
import { nyDate } from '@marketfleet/market';
import type { ForecastDeps } from '../deps';
import { evaluationsTotal } from '../metrics';
import { nextBarStarts } from '../points';

/** Forecasts older than this without an evaluation are left: their bars will not come. */
const GIVE_UP_DAYS = 400;
const PAGE = 2000;
const DAY_MS = 86_400_000;

export interface EvaluationOutcome {
  evaluated: number;
  /** Their target bar is not stored, or not final yet: a later run scores them. */
  waiting: number;
  /** Forecasts that cannot be scored (a bad price, a path too short), with why. */
  skipped: string[];
  /** Session dates whose performance history was rebuilt. */
  days: string[];
}

/**
 * Scores every forecast whose target bar is stored and final, against the bars as they are
 * stored now (split-adjusted, corrections included): the start bar's close and the close
 * `steps` bars later on the market calendar. Each forecast is evaluated once; a rerun adds nothing.
 */
export async function evaluateDueForecasts(deps: ForecastDeps): Promise<EvaluationOutcome> {
  const out: EvaluationOutcome = { evaluated: 0, waiting: 0, skipped: [], days: [] };
  const madeAfter = new Date(deps.now().getTime() - GIVE_UP_DAYS * DAY_MS);
  for (let afterId = 0; ; ) {
    const page = await pendingForecasts(deps.db, { afterId, madeAfter, limit: PAGE });
    if (page.length === 0) break;
    afterId = page.at(-1)!.id;
    const records: EvaluationRecord[] = [];
    for (const group of groupBySeries(page)) records.push(...(await scoreSeries(deps, group, out)));
    const saved = await saveEvaluations(deps.db, records, (rows) =>
      performanceRows(rows.map((r) => ({ day: r.targetDate, horizon: r.horizon, symbolId: r.symbolId, score: r }))),
    );
    out.evaluated += saved.inserted;
    out.days = [...new Set([...out.days, ...saved.days])].sort();
    if (page.length < PAGE) break;
  }
  evaluationsTotal.inc({ outcome: 'evaluated' }, out.evaluated);
  evaluationsTotal.inc({ outcome: 'waiting' }, out.waiting);
  evaluationsTotal.inc({ outcome: 'skipped' }, out.skipped.length);
  return out;
}

function groupBySeries(page: readonly PendingForecast[]): PendingForecast[][] {
  const groups = new Map<string, PendingForecast[]>();
  for (const f of page) {
    const key = `${f.symbolId}|${f.timeframe}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()];
}

async function scoreSeries(deps: ForecastDeps, forecasts: readonly PendingForecast[], out: EvaluationOutcome): Promise<EvaluationRecord[]> {
  const now = deps.now();
  const due: Array<{ f: PendingForecast & { horizon: Horizon }; target: Date }> = [];
  for (const f of forecasts) {
    if (!isHorizon(f.horizon)) {
      out.skipped.push(`forecast ${f.id}: unknown horizon ${f.horizon}`);
      continue;
    }
    const target = nextBarStarts(deps.clock, f.timeframe, f.lastBarTs, FORECAST_HORIZONS[f.horizon].steps).at(-1)!;
    if (deps.clock.barEnd(target, f.timeframe).getTime() > now.getTime()) out.waiting++;
    else due.push({ f: f as PendingForecast & { horizon: Horizon }, target });
  }
  if (due.length === 0) return [];
  const from = new Date(Math.min(...due.map((d) => d.f.lastBarTs.getTime())));
  const to = new Date(Math.max(...due.map((d) => d.target.getTime())) + 1);
  const bars = new Map<number, StoredBar>();
  for (const b of await readAdjustedBars(deps.db, { symbolId: due[0]!.f.symbolId, timeframe: due[0]!.f.timeframe, from, to, adjustment: 'split' })) {
    bars.set(b.ts.getTime(), b);
  }
  const records: EvaluationRecord[] = [];
  for (const { f, target } of due) {
    const start = bars.get(f.lastBarTs.getTime());
    const end = bars.get(target.getTime());
    // A bar fetched before the provider finalised its session can still change: wait for it.
    if (!start || !end || end.status !== 'verified') {
      out.waiting++;
      continue;
    }
    try {
      const s = scoreForecast({ ...f, horizon: f.horizon }, start.close, end.close);
      records.push({
        forecastId: f.id, symbolId: f.symbolId, timeframe: f.timeframe, horizon: f.horizon, madeAt: f.runAt, targetTs: target,
        targetDate: nyDate(target), ...s, optionB: s.optionB,
      });
    } catch (e) {
      out.skipped.push(`forecast ${f.id}: ${(e as Error).message}`);
    }
  }
  return records;
}
