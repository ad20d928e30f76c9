// The standard normal distribution to about 1e-16. simple-statistics' cumulativeStdNormalProbability
// reads a 2-decimal table, which is far too coarse for implied-volatility round trips.

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2 = Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

// Below this the series for erf is used, above it the continued fraction for erfc: the series
// needs ~40 terms at 2 and loses relative precision in erfc's tail, the fraction slows down near 0.
const SWITCH = 2;

/**
 * erf by the all-positive series erf(z) = 2/√π · e^(−z²) · Σ (2z²)ⁿ z / (1·3·…·(2n+1)), which has
 * no cancellation (the alternating Taylor series loses digits already at z ≈ 2).
 */
function erfSeries(z: number): number {
  const z2 = 2 * z * z;
  let term = z;
  let sum = z;
  for (let n = 1; n < 200; n++) {
    term *= z2 / (2 * n + 1);
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-z * z)) * sum;
}

/**
 * erfc(z) for z ≥ SWITCH by the Laplace continued fraction
 * erfc(z) = e^(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))), evaluated with modified Lentz.
 */
function erfcFraction(z: number): number {
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = z + a * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = z + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-z * z) / (SQRT_PI * f);
}

export function erfc(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < 0) return 2 - erfc(-z);
  return z < SWITCH ? 1 - erfSeries(z) : erfcFraction(z);
}

export function erf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < 0) return -erf(-z);
  return z < SWITCH ? erfSeries(z) : 1 - erfcFraction(z);
}

/** Φ(x). Written through erfc so the lower tail keeps its relative precision (Φ(−10) ≈ 7.6e-24). */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT_2);
}

/** φ(x), the standard normal density. */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}
