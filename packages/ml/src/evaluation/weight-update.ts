// The seed's model-weight update (`update_model_weights()`, a PL/pgSQL function, §2.1):
// new = ROUND(0.7·old + 0.3·share, 3), share = accuracy / Σ accuracy over 30 days, at least 20
// evaluations. Generalised from rf/gb to N models. The seed returned "old" after the UPDATE, so
// its old and new were always equal; here both are returned as they were.

export interface WeightUpdateInput {
  oldWeights: readonly number[];
  /** Per-model accuracy over the window, in [0, 1]. */
  accuracies: readonly number[];
  /** Evaluations behind the accuracies (rows where every model's flag is set). */
  samples: number;
}

export interface WeightUpdateOptions {
  /** Weight on the accuracy share; the seed's `smoothing`. */
  smoothing?: number;
  minSamples?: number;
  decimals?: number;
}

export interface WeightUpdate {
  oldWeights: number[];
  /** Equal to oldWeights when not updated. Not renormalised: rounding can leave a sum of 0.999 or 1.001. */
  newWeights: number[];
  shares: number[] | null;
  updated: boolean;
  /** Why the weights were kept: too few evaluations, or every accuracy 0 (no shares exist). */
  reason?: 'insufficient_samples' | 'zero_accuracy';
}

/**
 * Accuracy shares a_i / Σa, or null when Σa is 0. The SQL divides by NULLIF(Σ, 0) and would try
 * to write NULL into a NOT NULL column, failing the whole update; here that case keeps the old
 * weights instead.
 */
export function accuracyShares(accuracies: readonly number[]): number[] | null {
  accuracies.forEach((a, i) => {
    if (!(a >= 0 && a <= 1)) throw new RangeError(`accuracyShares: accuracy ${i} is ${a}, not in [0, 1]`);
  });
  const total = accuracies.reduce((s, a) => s + a, 0);
  return total > 0 ? accuracies.map((a) => a / total) : null;
}

/**
 * PostgreSQL ROUND(numeric, d): half away from zero on the decimal value. The inputs are
 * decimals computed in binary, so a value within 1e-9 of a half (in units of the last kept
 * digit) is treated as that exact half; plain Math.round would round −x.5 toward zero and
 * miss halves that binary arithmetic lands just below (0.7·0.505 + 0.15 = 0.50349999…).
 */
export function roundHalfAwayFromZero(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const scale = 10 ** decimals;
  const scaled = Math.abs(x) * scale;
  const whole = Math.floor(scaled);
  const rounded = scaled - whole >= 0.5 - 1e-9 ? whole + 1 : whole;
  return (Math.sign(x) * rounded) / scale;
}

export function updateModelWeights(input: WeightUpdateInput, options: WeightUpdateOptions = {}): WeightUpdate {
  const smoothing = options.smoothing ?? 0.3;
  const minSamples = options.minSamples ?? 20;
  const decimals = options.decimals ?? 3;
  const { oldWeights, accuracies, samples } = input;
  if (oldWeights.length === 0) throw new RangeError('updateModelWeights: no models');
  if (oldWeights.length !== accuracies.length) {
    throw new RangeError(`updateModelWeights: ${oldWeights.length} weights but ${accuracies.length} accuracies`);
  }
  if (!(smoothing >= 0 && smoothing <= 1)) throw new RangeError(`updateModelWeights: smoothing ${smoothing} is not in [0, 1]`);
  const old = [...oldWeights];
  if (samples < minSamples) return { oldWeights: old, newWeights: [...old], shares: null, updated: false, reason: 'insufficient_samples' };
  const shares = accuracyShares(accuracies);
  if (shares === null) return { oldWeights: old, newWeights: [...old], shares: null, updated: false, reason: 'zero_accuracy' };
  const newWeights = old.map((w, i) => roundHalfAwayFromZero(w * (1 - smoothing) + (shares[i] as number) * smoothing, decimals));
  return { oldWeights: old, newWeights, shares, updated: true };
}
