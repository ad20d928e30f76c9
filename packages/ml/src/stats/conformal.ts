// Split-conformal prediction bands on absolute log residuals |log(realized / predicted)|, and a
// cold-start band for when too few residuals exist yet. Working in logs makes the band
// multiplicative (P·e^{±q}), so it never crosses zero and scales with price.
import { errorFunction, probit } from 'simple-statistics';
import { sortedCopy } from './quantiles';

export interface ConformalQuantile {
  /** Half-width in log units; Infinity when n is too small for the requested coverage. */
  q: number;
  /** Rank used: ceil((n + 1)(1 − α)), 1-based into the sorted residuals. */
  k: number;
  n: number;
  /** False when k > n: no finite band can promise 1 − α coverage with this many residuals. */
  finite: boolean;
}

/** |log(realized / predicted)|, the nonconformity score the bands are built from. */
export function absLogResidual(realized: number, predicted: number): number {
  if (!(realized > 0) || !(predicted > 0)) {
    throw new RangeError(`absLogResidual: prices must be positive, got ${realized} and ${predicted}`);
  }
  return Math.abs(Math.log(realized / predicted));
}

/**
 * Finite-sample split-conformal quantile: the k-th smallest residual with
 * k = ceil((n + 1)(1 − α)). For exchangeable residuals a fresh one falls at or below it with
 * probability at least 1 − α (and below 1 − α + 1/(n + 1)). When k > n (n < (1 − α)/α) the
 * answer is q = Infinity with finite = false, rather than a band that under-covers.
 * The seed's dormant version also required n ≥ 30; that gate is left to the caller.
 */
export function conformalQuantile(absResiduals: readonly number[], alpha: number): ConformalQuantile {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`conformalQuantile: alpha must be in (0, 1), got ${alpha}`);
  for (const r of absResiduals) {
    if (!(r >= 0)) throw new RangeError(`conformalQuantile: residuals must be absolute values, got ${r}`);
  }
  const n = absResiduals.length;
  // The epsilon absorbs float error in (n + 1)(1 − α) landing just above an integer, e.g.
  // 10 · (1 − 0.7) = 3.0000000000000004, which would otherwise raise k by one.
  const k = Math.max(1, Math.ceil((n + 1) * (1 - alpha) - 1e-9));
  if (k > n) return { q: Infinity, k, n, finite: false };
  const sorted = sortedCopy(absResiduals);
  return { q: sorted[k - 1] as number, k, n, finite: true };
}

export interface PriceBand {
  lower: number;
  upper: number;
}

/** Multiplicative band P·e^{−q} … P·e^{q}; an infinite q gives [0, Infinity]. */
export function logBand(price: number, halfWidth: number): PriceBand {
  if (!(price > 0)) throw new RangeError(`logBand: price must be positive, got ${price}`);
  if (!(halfWidth >= 0)) throw new RangeError(`logBand: half-width must be non-negative, got ${halfWidth}`);
  return { lower: price * Math.exp(-halfWidth), upper: price * Math.exp(halfWidth) };
}

/**
 * Standard normal quantile. simple-statistics' `probit` uses Winitzki's closed form, which is
 * about 0.15 % low at 0.975 (1.9572 against 1.95996); two Newton steps on its `errorFunction`
 * (accurate to ~1e-7) bring it to ~1e-7, so a "95 %" cold-start band really is one.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  let z = probit(p);
  for (let i = 0; i < 2; i++) {
    const cdf = 0.5 * (1 + errorFunction(z / Math.SQRT2));
    const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    z -= (cdf - p) / pdf;
  }
  return z;
}

/**
 * Cold-start half-width σ·√h·z with z the two-sided normal quantile 1 − α/2, for an iid
 * return model with per-step log-return volatility σ over h steps.
 */
export function coldStartHalfWidth(sigma: number, horizonSteps: number, alpha: number): number {
  if (!(sigma >= 0)) throw new RangeError(`coldStartHalfWidth: sigma must be non-negative, got ${sigma}`);
  if (!(horizonSteps > 0)) throw new RangeError(`coldStartHalfWidth: horizon must be positive, got ${horizonSteps}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`coldStartHalfWidth: alpha must be in (0, 1), got ${alpha}`);
  return sigma * Math.sqrt(horizonSteps) * normalQuantile(1 - alpha / 2);
}
