import type { Ohlc } from '../series';
import { calibratorOf, fitCalibration, type Calibration } from './calibration';
import { classOf, fitComponents, recentVolatility, type FittedComponents, type ModelName } from './components';
import { features } from './features';
import { FORECAST_HORIZONS, type Horizon } from './horizons';
import { EQUAL_WEIGHTS, predict, type ModelWeights } from './predict';

/** One out-of-sample forecast and what happened. */
export interface WalkForwardRecord {
  /** Bar index the forecast was made at (with bars up to and including it). */
  index: number;
  price: number;
  expectedReturn: number;
  realizedReturn: number;
  /** Raw (uncalibrated) and calibrated class probabilities: bearish, neutral, bullish. */
  raw: number[];
  probabilities: number[];
  predictedClass: number;
  realizedClass: number;
  /** The training labels' class frequencies at the time: the climatology forecast. */
  climatology: number[];
  /** The drift baseline's call: the training window's mean return was positive. */
  driftUp: boolean;
  band80: [number, number];
  band95: [number, number];
  components: Record<ModelName, number>;
  calibrated: boolean;
  /** |log residual| / (recent volatility·√steps): what the conformal bands are fitted on. */
  scaledResidual: number;
}

export interface WalkForwardOptions {
  horizon: Horizon;
  bars: readonly Ohlc[];
  /** Feature rows, one per bar; computed from the bars unless given (the leakage test injects some). */
  rows?: readonly (readonly number[])[];
  /** Only forecasts made at these bar indices (inclusive) are kept; the fits still use all earlier bars. */
  from?: number;
  to?: number;
  weights?: ModelWeights;
  refitEvery?: number;
}

/** Bars of forecasts made before `from` only to calibrate those after it. */
const CALIBRATION_WARMUP = 252;

export interface WalkForwardResult {
  records: WalkForwardRecord[];
  /** Fitted on every record: what the next production forecast should apply. */
  calibration: Calibration | null;
}

/**
 * A rolling-origin walk-forward: at each bar t the models are those fitted on bars ≤ t (refitted
 * every `refitEvery` bars), the calibration and bands come only from forecasts whose outcome
 * was known by t, and the forecast is scored against the close `steps` bars later. This is the
 * production job run over history: nothing it uses at t lies after t.
 */
export function walkForward(opts: WalkForwardOptions): WalkForwardResult {
  const spec = FORECAST_HORIZONS[opts.horizon];
  const { bars } = opts;
  const rows = opts.rows ?? features(bars);
  const logCloses = bars.map((b) => Math.log(b.close));
  const weights = opts.weights ?? EQUAL_WEIGHTS;
  const refitEvery = opts.refitEvery ?? spec.refitEvery;
  const from = opts.from ?? 0;
  const last = Math.min(opts.to ?? Infinity, bars.length - 1 - spec.steps);
  // Forecasts before `from` are made only to calibrate the ones after it, so a year of them will do.
  const start = Math.max(spec.minTrainRows, from - CALIBRATION_WARMUP);
  const made: WalkForwardRecord[] = [];
  let fitted: FittedComponents | null = null;
  let fittedAt = -Infinity;
  let calibration: { calibrator: ReturnType<typeof calibratorOf>; stored: Calibration } | null = null;
  for (let t = start; t <= last; t++) {
    if (t - fittedAt >= refitEvery) {
      const next = fitComponents(rows, logCloses, t, spec);
      if (next === null) continue;
      fitted = next;
      fittedAt = t;
      const known = made.filter((r) => r.index + spec.steps <= t);
      const stored = calibrationOf(known);
      calibration = stored ? { calibrator: calibratorOf(stored), stored } : null;
    }
    if (fitted === null || !rows[t]!.every(Number.isFinite)) continue;
    const price = bars[t]!.close;
    const scale = recentVolatility(logCloses, t, fitted.sigma / 4);
    const p = predict(fitted, rows[t]!, price, spec, weights, calibration, scale);
    const realizedReturn = logCloses[t + spec.steps]! - logCloses[t]!;
    const at = p.points[spec.steps - 1]!;
    const probabilities = [p.probabilities.bearish, p.probabilities.neutral, p.probabilities.bullish];
    made.push({
      index: t,
      price,
      expectedReturn: p.expectedReturn,
      realizedReturn,
      raw: p.raw,
      probabilities,
      predictedClass: probabilities.indexOf(p.confidence),
      realizedClass: classOf(realizedReturn, fitted.threshold),
      climatology: fitted.climatology,
      driftUp: p.components.drift.expectedReturn > 0,
      band80: [at.lower80, at.upper80],
      band95: [at.lower95, at.upper95],
      components: Object.fromEntries(Object.entries(p.components).map(([m, c]) => [m, c.expectedReturn])) as Record<ModelName, number>,
      calibrated: p.calibrated,
      scaledResidual: Math.abs(realizedReturn - p.expectedReturn) / (scale * Math.sqrt(spec.steps)),
    });
  }
  return { records: made.filter((r) => r.index >= from), calibration: calibrationOf(made) };
}

const calibrationOf = (records: readonly WalkForwardRecord[]) =>
  fitCalibration(
    records.map((r) => r.raw),
    records.map((r) => r.realizedClass),
    records.map((r) => r.scaledResidual),
  );
