// Per-class isotonic calibration of K-class probabilities (one-vs-rest), renormalised so the
// calibrated vector is again a distribution.
import { fitIsotonic, type IsotonicModel, type IsotonicPredictMode } from './isotonic';

export interface ClassCalibrator {
  readonly classes: number;
  readonly models: readonly IsotonicModel[];
  calibrate(probabilities: readonly number[]): number[];
}

export interface ClassCalibratorOptions {
  mode?: IsotonicPredictMode;
  /**
   * Lower bound applied to each calibrated probability before renormalising. Isotonic maps
   * a class never seen in a score range to exactly 0; a floor keeps log-losses finite.
   */
  floor?: number;
}

/**
 * Fits one isotonic map per class k on (p_k, 1[y = k]). `outcomes` are class indices 0..K−1.
 * If every calibrated value is 0 (possible with floor 0 on a degenerate fit), calibrate falls
 * back to the input vector renormalised, rather than inventing a uniform answer.
 */
export function fitClassCalibrator(
  probabilities: readonly (readonly number[])[],
  outcomes: readonly number[],
  options: ClassCalibratorOptions = {},
): ClassCalibrator {
  const n = probabilities.length;
  if (n === 0) throw new RangeError('fitClassCalibrator: no samples');
  if (outcomes.length !== n) throw new RangeError(`fitClassCalibrator: ${n} rows but ${outcomes.length} outcomes`);
  const k = (probabilities[0] as readonly number[]).length;
  const floor = options.floor ?? 0;
  if (!(floor >= 0 && floor * k < 1)) throw new RangeError(`fitClassCalibrator: floor ${floor} is not in [0, 1/K)`);
  probabilities.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`fitClassCalibrator: row ${i} has ${row.length} values, expected ${k}`);
    const y = outcomes[i] as number;
    if (!Number.isInteger(y) || y < 0 || y >= k) throw new RangeError(`fitClassCalibrator: outcome ${i} is ${y}`);
  });
  const models = Array.from({ length: k }, (_, c) =>
    fitIsotonic(
      probabilities.map((row) => row[c] as number),
      outcomes.map((y) => (y === c ? 1 : 0)),
      undefined,
      options.mode,
    ),
  );
  return classCalibratorOf(models, floor);
}

/** A calibrator from its per-class isotonic models (fitted here, or rebuilt from stored knots). */
export function classCalibratorOf(models: readonly IsotonicModel[], floor = 0): ClassCalibrator {
  const k = models.length;
  const calibrate = (p: readonly number[]): number[] => {
    if (p.length !== k) throw new RangeError(`calibrate: expected ${k} probabilities, got ${p.length}`);
    const raw = models.map((m, c) => Math.max(floor, m.predict(p[c] as number)));
    return normalise(raw) ?? normalise(p) ?? p.map(() => 1 / k);
  };
  return { classes: k, models, calibrate };
}

function normalise(v: readonly number[]): number[] | null {
  const s = v.reduce((a, b) => a + b, 0);
  return s > 0 && Number.isFinite(s) ? v.map((x) => x / s) : null;
}
