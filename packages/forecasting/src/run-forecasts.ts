import { getCalibration, recordForecastRun, saveForecast } from '@marketfleet/db';
import { forecastCalibration } from '@marketfleet/jobs';
import { FORECAST_HORIZONS, MODEL_VERSION, type Calibration, type Horizon, type ModelWeights } from '@marketfleet/ml';
import type { Timeframe } from '@marketfleet/market';
import type { ForecastDeps } from './deps';
import { weightsFor } from './learning/reweight';
import { forecastSeconds, forecastSkips, forecastsTotal, reasonKind } from './metrics';
import { nextBarStarts } from './points';
import { preflight } from './preflight';
import { barsNeeded, loadSeries } from './series';
import type { ForecastTaskInput, ForecastTaskOutput } from './tasks';

export interface SeriesOutcome {
  symbol: string;
  timeframe: Timeframe;
  made: Horizon[];
  skipped: Array<{ horizon: Horizon; reason: string }>;
}

/**
 * Forecasts one symbol's horizons of one timeframe: reads the newest bars, checks them, fits in
 * a worker thread, and stores each forecast with timestamps from the market calendar. A horizon
 * that cannot be forecast is recorded as skipped with its reason; nothing is half-written.
 */
export async function forecastSeries(deps: ForecastDeps, symbol: string, timeframe: Timeframe, horizons: readonly Horizon[]): Promise<SeriesOutcome> {
  const stop = forecastSeconds.startTimer({ timeframe });
  try {
    return await forecastOne(deps, symbol, timeframe, horizons);
  } finally {
    stop();
  }
}

async function forecastOne(deps: ForecastDeps, symbol: string, timeframe: Timeframe, horizons: readonly Horizon[]): Promise<SeriesOutcome> {
  const now = deps.now();
  const out: SeriesOutcome = { symbol, timeframe, made: [], skipped: [] };
  const series = await loadSeries(deps.db, symbol, timeframe, { count: barsNeeded(horizons) });
  if (!series) {
    out.skipped.push(...horizons.map((horizon) => ({ horizon, reason: `unknown symbol ${symbol}` })));
    return out;
  }
  const skip = async (horizon: Horizon, reason: string) => {
    out.skipped.push({ horizon, reason });
    forecastsTotal.inc({ horizon, outcome: 'skipped' });
    forecastSkips.inc({ horizon, reason: reasonKind(reason) });
    await recordForecastRun(deps.db, {
      symbolId: series.symbolId, horizon, timeframe, attemptedAt: now, status: 'skipped', reason, forecastId: null, lastBarTs: series.ts.at(-1) ?? null,
    });
  };
  const refused = await preflight(deps.db, deps.clock, deps.policy, series, horizons, now);
  const todo = horizons.filter((h) => refused[h] === undefined);
  for (const h of horizons) if (refused[h] !== undefined) await skip(h, refused[h]!);
  if (todo.length === 0) return out;

  const calibrations: Partial<Record<Horizon, Calibration | null>> = {};
  // The weights current now (the symbol's, else the horizon's, else equal); stored with each forecast.
  const weights: Partial<Record<Horizon, ModelWeights | null>> = {};
  const uncalibrated: Horizon[] = [];
  for (const h of todo) {
    weights[h] = await weightsFor(deps, series.symbolId, h);
    const row = await getCalibration(deps.db, series.symbolId, h);
    const usable = row && row.modelVersion === MODEL_VERSION ? row.calibration : null;
    calibrations[h] = usable;
    if (!row || row.modelVersion !== MODEL_VERSION) uncalibrated.push(h);
  }
  const input: ForecastTaskInput = { horizons: todo, bars: series.bars, weights, calibrations };
  const results = await deps.pool.run<ForecastTaskOutput>('forecast', input);
  const last = series.ts.at(-1)!;
  for (const h of todo) {
    const result = results[h]!;
    if (!result.ok) {
      await skip(h, result.reason);
      continue;
    }
    const f = result.forecast;
    const times = nextBarStarts(deps.clock, timeframe, last, f.points.length);
    await saveForecast(deps.db, {
      symbolId: series.symbolId, timeframe, horizon: h, runAt: now, lastBarTs: last, modelVersion: MODEL_VERSION,
      label: f.label, confidence: f.confidence, probabilities: f.probabilities,
      currentPrice: f.currentPrice, targetPrice: f.target, expectedReturn: f.expectedReturn, threshold: f.threshold,
      points: f.points.map((p, i) => ({ ts: times[i]!.toISOString(), value: p.value, lower80: p.lower80, upper80: p.upper80, lower95: p.lower95, upper95: p.upper95 })),
      weights: f.weights, components: f.components, calibrated: f.calibrated, bandMethod: f.bands,
      trainingFrom: series.ts[f.trainingWindow.from]!, trainingTo: series.ts[f.trainingWindow.to]!, trainingRows: f.trainingRows,
    });
    out.made.push(h);
    forecastsTotal.inc({ horizon: h, outcome: 'ok' });
  }
  // A symbol without a calibration for this model gets one; the next forecast applies it.
  if (uncalibrated.length > 0) {
    await deps.producer.enqueue(forecastCalibration, { symbols: [symbol], horizons: uncalibrated }, { triggeredBy: 'forecast' });
  }
  return out;
}

/** The horizons of a list grouped by the timeframe they are forecast from. */
export function byTimeframe(horizons: readonly Horizon[]): Map<Timeframe, Horizon[]> {
  const out = new Map<Timeframe, Horizon[]>();
  for (const h of horizons) {
    const tf = FORECAST_HORIZONS[h].timeframe;
    out.set(tf, [...(out.get(tf) ?? []), h]);
  }
  return out;
}
