// Weighted mixture of per-model forecasts. Validation is strict on purpose: a weight vector
// that silently fails to sum to 1 scales every probability and return the ensemble emits.

export interface ModelForecast {
  /** Class probabilities, one per class, summing to 1. */
  probabilities: readonly number[];
  /** Expected return over the horizon. */
  expectedReturn: number;
}

export interface EnsembleForecast {
  probabilities: number[];
  expectedReturn: number;
}

/** Tolerance on "sums to 1"; loose enough for weights rounded to 3 decimals and renormalised. */
export const SUM_TOLERANCE = 1e-6;

/**
 * Σ wₘ·pₘ and Σ wₘ·rₘ. Throws a RangeError naming the problem when there are no models, the
 * weight and model counts differ, a weight is negative or not finite, the weights do not sum to
 * 1, or a model's probabilities have the wrong length, leave [0, 1] or do not sum to 1.
 */
export function combineForecasts(forecasts: readonly ModelForecast[], weights: readonly number[]): EnsembleForecast {
  if (forecasts.length === 0) throw new RangeError('combineForecasts: no models to combine');
  if (weights.length !== forecasts.length) {
    throw new RangeError(`combineForecasts: ${forecasts.length} models but ${weights.length} weights`);
  }
  weights.forEach((w, m) => {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`combineForecasts: weight ${m} is ${w}; weights must be finite and non-negative`);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) > SUM_TOLERANCE) {
    throw new RangeError(`combineForecasts: weights sum to ${total}, not 1 (normalise them first)`);
  }
  const k = (forecasts[0] as ModelForecast).probabilities.length;
  const probabilities = new Array<number>(k).fill(0);
  let expectedReturn = 0;
  forecasts.forEach((f, m) => {
    checkForecast(f, m, k);
    const w = weights[m] as number;
    f.probabilities.forEach((p, c) => {
      probabilities[c] = (probabilities[c] as number) + w * p;
    });
    expectedReturn += w * f.expectedReturn;
  });
  return { probabilities, expectedReturn };
}

function checkForecast(f: ModelForecast, m: number, k: number): void {
  if (f.probabilities.length !== k) {
    throw new RangeError(`combineForecasts: model ${m} has ${f.probabilities.length} class probabilities, model 0 has ${k}`);
  }
  if (!f.probabilities.every((p) => p >= 0 && p <= 1)) {
    throw new RangeError(`combineForecasts: model ${m} has a probability outside [0, 1]`);
  }
  const s = f.probabilities.reduce((a, b) => a + b, 0);
  if (Math.abs(s - 1) > SUM_TOLERANCE) throw new RangeError(`combineForecasts: model ${m} probabilities sum to ${s}, not 1`);
  if (!Number.isFinite(f.expectedReturn)) throw new RangeError(`combineForecasts: model ${m} expected return is ${f.expectedReturn}`);
}

/**
 * Scales non-negative weights to sum to 1, as the seed does before mixing (§1.1). Needed after
 * the 3-decimal weight update, whose rounded outputs can sum to 0.999 or 1.001.
 */
export function normaliseWeights(weights: readonly number[]): number[] {
  weights.forEach((w, m) => {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`normaliseWeights: weight ${m} is ${w}; weights must be finite and non-negative`);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new RangeError('normaliseWeights: weights sum to 0');
  return weights.map((w) => w / total);
}
