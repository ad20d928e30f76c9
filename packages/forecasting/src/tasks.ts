import { features, FORECAST_HORIZONS, forecastLatest, summarise, walkForward, type Calibration, type EvaluationSummary, type ForecastOutcome, type Horizon, type Ohlc } from '@marketfleet/ml';

// The CPU-bound steps, run in worker threads (see the thread pool in packages/runtime): plain
// data in and out, no connection, no clock. What they return is all the caller stores.

export interface ForecastTaskInput {
  horizons: Horizon[];
  /** Split-adjusted bars of the horizons' timeframe, oldest first. */
  bars: Ohlc[];
  weights: Partial<Record<Horizon, Record<string, number> | null>>;
  calibrations: Partial<Record<Horizon, Calibration | null>>;
}

export type ForecastTaskOutput = Partial<Record<Horizon, ForecastOutcome>>;

/** Every horizon of one series from one feature computation. */
export function forecastTask(input: ForecastTaskInput): ForecastTaskOutput {
  const rows = features(input.bars);
  return Object.fromEntries(
    input.horizons.map((h) => [
      h,
      forecastLatest({ horizon: h, bars: input.bars, rows, weights: input.weights[h] ?? null, calibration: input.calibrations[h] ?? null }),
    ]),
  );
}

export interface WalkForwardTaskInput {
  horizon: Horizon;
  bars: Ohlc[];
  /** Bar indices forecasts are kept for (inclusive); the fits use everything before too. */
  from?: number;
  to?: number;
}

export interface WalkForwardTaskOutput {
  summary: EvaluationSummary | null;
  calibration: Calibration | null;
  /** Bar indices of the first and last forecast scored. */
  firstIndex: number | null;
  lastIndex: number | null;
}

export function walkForwardTask(input: WalkForwardTaskInput): WalkForwardTaskOutput {
  const { records, calibration } = walkForward({ horizon: input.horizon, bars: input.bars, from: input.from, to: input.to });
  return {
    summary: summarise(records, FORECAST_HORIZONS[input.horizon].steps === 1),
    calibration,
    firstIndex: records[0]?.index ?? null,
    lastIndex: records.at(-1)?.index ?? null,
  };
}

export const FIT_TASKS = { forecast: forecastTask, walkForward: walkForwardTask };
