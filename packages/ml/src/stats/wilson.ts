// Wilson score interval for a binomial proportion. Preferred over the normal (Wald) interval
// because accuracies near 0 or 1 on small walk-forward samples are exactly where Wald
// collapses to zero width or leaves [0, 1].

export interface ProportionInterval {
  /** Observed proportion successes / n (0 when n = 0; see wilson). */
  p: number;
  lower: number;
  upper: number;
}

/**
 * Wilson interval without continuity correction at normal quantile z (1.96 ≈ 95 %).
 * With n = 0 there is no information: the interval is the whole [0, 1] and p is reported as 0
 * so callers never meet a NaN; read the interval, not p, in that case.
 */
export function wilson(successes: number, n: number, z = 1.96): ProportionInterval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`wilson: n must be a non-negative integer, got ${n}`);
  if (!(successes >= 0 && successes <= n)) {
    throw new RangeError(`wilson: successes must be in [0, n], got ${successes} of ${n}`);
  }
  if (!(z > 0) || !Number.isFinite(z)) throw new RangeError(`wilson: z must be positive, got ${z}`);
  if (n === 0) return { p: 0, lower: 0, upper: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Clamp only floating-point spill: mathematically the bounds already lie in [0, 1].
  return { p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
