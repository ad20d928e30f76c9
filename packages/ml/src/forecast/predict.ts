import { DIRECTION_LABELS, type DirectionLabel } from '../evaluation/labels';
import type { ClassCalibrator } from '../stats/class-calibrator';
import { coldStartHalfWidth } from '../stats/conformal';
import type { Calibration } from './calibration';
import { MODELS, type ComponentForecast, type FittedComponents, type ModelName } from './components';
import type { HorizonSpec } from './horizons';

export type ModelWeights = Record<ModelName, number>;

export const EQUAL_WEIGHTS: ModelWeights = Object.freeze(Object.fromEntries(MODELS.map((m) => [m, 1 / MODELS.length])) as ModelWeights);

/** Non-negative, summing to 1, one per model; anything else is a clear error, never a skewed forecast. */
export function checkWeights(w: Partial<Record<string, number>>): ModelWeights {
  const out = {} as ModelWeights;
  let total = 0;
  for (const m of MODELS) {
    const v = w[m];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`model weight ${m} is ${String(v)}: weights must be finite and non-negative`);
    out[m] = v;
    total += v;
  }
  const extra = Object.keys(w).filter((k) => !(MODELS as readonly string[]).includes(k));
  if (extra.length > 0) throw new RangeError(`unknown models in weights: ${extra.join(', ')}`);
  if (Math.abs(total - 1) > 1e-6) throw new RangeError(`model weights sum to ${total}, not 1`);
  return out;
}

export interface PathPoint {
  /** Bars after the latest one (1 = the next bar). */
  step: number;
  value: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface Prediction {
  label: DirectionLabel;
  probabilities: Record<DirectionLabel, number>;
  /** The weighted class probabilities before calibration (bearish, neutral, bullish). */
  raw: number[];
  /** The calibrated probability of the label. */
  confidence: number;
  /** Ensemble expected log return over the horizon. */
  expectedReturn: number;
  target: number;
  points: PathPoint[];
  components: Record<ModelName, { expectedReturn: number; probabilities: number[] }>;
  calibrated: boolean;
  bands: 'conformal' | 'volatility';
}

/**
 * The ensemble at one bar: weighted probabilities and paths, calibrated when a calibration is
 * given. Bands are in units of the recent volatility `scale` (see recentVolatility): the
 * calibration's conformal quantiles of |residual| / (scale·√steps) when it has them, else the
 * normal quantiles; either way the half-width at step k is q·scale·√k.
 */
export function predict(
  fitted: FittedComponents,
  row: readonly number[],
  price: number,
  spec: HorizonSpec,
  weights: ModelWeights,
  calibration: { calibrator: ClassCalibrator; stored: Calibration } | null,
  scale: number,
): Prediction {
  const parts = fitted.predict(row);
  const raw = [0, 0, 0];
  const path = new Array<number>(spec.pathSteps).fill(0);
  for (const m of MODELS) {
    const part: ComponentForecast = parts[m];
    part.probabilities.forEach((p, c) => (raw[c]! += weights[m] * p));
    part.path.forEach((r, k) => (path[k]! += weights[m] * r));
  }
  const probs = calibration ? calibration.calibrator.calibrate(raw) : raw;
  const best = probs.indexOf(Math.max(...probs));
  const expectedReturn = path[spec.steps - 1]!;
  const conformal = calibration?.stored.conformal ?? null;
  const halfWidth = (step: number, alpha: number, q: number | undefined) =>
    q !== undefined ? q * scale * Math.sqrt(step) : coldStartHalfWidth(scale, step, alpha);
  const points = path.map((r, k): PathPoint => {
    const step = k + 1;
    const value = price * Math.exp(r);
    const h80 = halfWidth(step, 0.2, conformal?.q80);
    const h95 = halfWidth(step, 0.05, conformal?.q95);
    return { step, value, lower80: value * Math.exp(-h80), upper80: value * Math.exp(h80), lower95: value * Math.exp(-h95), upper95: value * Math.exp(h95) };
  });
  return {
    label: DIRECTION_LABELS[best]!,
    probabilities: { bearish: probs[0]!, neutral: probs[1]!, bullish: probs[2]! },
    raw,
    confidence: probs[best]!,
    expectedReturn,
    target: price * Math.exp(expectedReturn),
    points,
    components: Object.fromEntries(
      MODELS.map((m) => [m, { expectedReturn: parts[m].path[spec.steps - 1]!, probabilities: parts[m].probabilities }]),
    ) as Prediction['components'],
    calibrated: calibration !== null,
    bands: conformal ? 'conformal' : 'volatility',
  };
}
