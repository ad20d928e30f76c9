import { classCalibratorOf, type ClassCalibrator } from '../stats/class-calibrator';
import { fitClassCalibrator } from '../stats/class-calibrator';
import { conformalQuantile } from '../stats/conformal';
import { isotonicFromKnots } from '../stats/isotonic';

/**
 * What a walk-forward learns about a symbol × horizon and a forecast applies: isotonic maps from
 * raw to calibrated class probabilities, and split-conformal quantiles of the point forecast's
 * normalised residuals |log(realised / forecast)| / (recent volatility·√steps) for the 80 % and
 * 95 % bands. Plain JSON, so it can be stored and read back.
 */
export interface Calibration {
  /** Out-of-sample forecasts it was fitted on. */
  samples: number;
  /** Per class (bearish, neutral, bullish): the isotonic knots. */
  classes: Array<{ xs: number[]; ys: number[] }>;
  /** Half-widths at the horizon; null until enough residuals exist for a finite band. */
  conformal: { q80: number; q95: number; residuals: number } | null;
}

/** Fewer out-of-sample forecasts than this and probabilities stay raw. */
export const MIN_CALIBRATION_SAMPLES = 60;
/** Fewer residuals than this and the bands stay volatility-scaled (the seed's dormant rule). */
export const MIN_CONFORMAL_RESIDUALS = 30;
/** Keeps every calibrated class possible: isotonic maps never-seen score ranges to exactly 0. */
const FLOOR = 0.01;

/** `scaledResiduals`: |log residual| / (recent volatility at the forecast·√steps), one per forecast. */
export function fitCalibration(probabilities: readonly number[][], outcomes: readonly number[], scaledResiduals: readonly number[]): Calibration | null {
  if (probabilities.length < MIN_CALIBRATION_SAMPLES) return null;
  const fitted = fitClassCalibrator(probabilities, outcomes, { floor: FLOOR });
  const q80 = conformalQuantile(scaledResiduals, 0.2);
  const q95 = conformalQuantile(scaledResiduals, 0.05);
  const conformal =
    scaledResiduals.length >= MIN_CONFORMAL_RESIDUALS && q80.finite && q95.finite ? { q80: q80.q, q95: q95.q, residuals: scaledResiduals.length } : null;
  return {
    samples: probabilities.length,
    classes: fitted.models.map((m) => ({ xs: [...m.xs], ys: [...m.ys] })),
    conformal,
  };
}

/** The stored calibration as a calibrator again. */
export function calibratorOf(c: Calibration): ClassCalibrator {
  return classCalibratorOf(
    c.classes.map((k) => isotonicFromKnots(k.xs, k.ys)),
    FLOOR,
  );
}
