// Two-sample Kolmogorov–Smirnov drift test, as the seed's DriftDetector runs it per feature
// (§3). D is exact; the p-value is the asymptotic Kolmogorov distribution with Stephens'
// small-sample correction. scipy's ks_2samp is exact when n1·n2 < 10⁴, so small-sample
// p-values differ from the seed's; D and the severity bands do not.
import { sortedCopy } from './quantiles';

export type DriftSeverity = 'none' | 'low' | 'medium' | 'high';

export interface KsResult {
  d: number;
  pValue: number;
  n1: number;
  n2: number;
  /** n1·n2 / (n1 + n2). */
  effectiveN: number;
  /** (√nₑ + 0.12 + 0.11/√nₑ)·D, the argument of the Kolmogorov survival function. */
  lambda: number;
}

export interface KsDriftResult extends KsResult {
  drift: boolean;
  severity: DriftSeverity;
  /** False when either side has fewer than minSamples values; drift and severity are then off. */
  enoughSamples: boolean;
}

/**
 * Exact two-sample D = sup |F₁ − F₂|. Both empirical CDFs advance past *all* copies of a value
 * before they are compared, so tied values (common in rounded prices and counts) cannot open a
 * spurious gap between the two steps.
 */
export function ksStatistic(sample1: readonly number[], sample2: readonly number[]): number {
  const a = sortedCopy(sample1);
  const b = sortedCopy(sample2);
  if (a.length === 0 || b.length === 0) throw new RangeError('ksStatistic: both samples need values');
  let i = 0;
  let j = 0;
  let d = 0;
  // Once one sample is exhausted its CDF is 1 and the gap can only shrink, so stop there.
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i] as number, b[j] as number);
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/**
 * Q(λ) = P(K > λ) for the Kolmogorov distribution. Below λ = 1.18 the alternating series
 * 2Σ(−1)^{j−1}e^{−2j²λ²} converges slowly, so the Jacobi-theta form
 * 1 − (√(2π)/λ)Σe^{−(2j−1)²π²/(8λ²)} is used there instead; both need only a few terms.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (Number.isNaN(lambda)) throw new RangeError('kolmogorovSurvival: NaN');
  if (lambda <= 0) return 1;
  let q: number;
  if (lambda < 1.18) {
    const k = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let j = 1; j <= 20; j++) sum += Math.exp(-(2 * j - 1) * (2 * j - 1) * k);
    q = 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum;
  } else {
    q = 0;
    for (let j = 1; j <= 100; j++) {
      const term = Math.exp(-2 * j * j * lambda * lambda);
      q += (j % 2 === 1 ? 2 : -2) * term;
      if (term < 1e-17) break;
    }
  }
  return Math.min(1, Math.max(0, q));
}

/** KS test on two samples; NaNs are dropped first, as the seed's `dropna()` does. */
export function ksTwoSample(sample1: readonly number[], sample2: readonly number[]): KsResult {
  const a = sample1.filter((v) => !Number.isNaN(v));
  const b = sample2.filter((v) => !Number.isNaN(v));
  const d = ksStatistic(a, b);
  const effectiveN = (a.length * b.length) / (a.length + b.length);
  const root = Math.sqrt(effectiveN);
  const lambda = (root + 0.12 + 0.11 / root) * d;
  return { d, pValue: kolmogorovSurvival(lambda), n1: a.length, n2: b.length, effectiveN, lambda };
}

/** Severity bands on D from the seed: < 0.1 none, < 0.2 low, < 0.3 medium, else high. */
export function driftSeverity(d: number): DriftSeverity {
  if (d < 0.1) return 'none';
  if (d < 0.2) return 'low';
  if (d < 0.3) return 'medium';
  return 'high';
}

export interface KsDriftOptions {
  /** Significance level; drift when p < alpha. */
  alpha?: number;
  /** Minimum values per side (after dropping NaN) for the test to count. */
  minSamples?: number;
}

/**
 * The seed's per-feature drift verdict: drift when p < 0.05 with at least 30 values a side.
 * With too few values the seed reports D = 0, p = 1; here D and p are still computed and
 * returned (when both sides are non-empty) but drift is false and severity 'none', flagged by
 * enoughSamples = false.
 */
export function ksDrift(
  reference: readonly number[],
  current: readonly number[],
  options: KsDriftOptions = {},
): KsDriftResult {
  const alpha = options.alpha ?? 0.05;
  const minSamples = options.minSamples ?? 30;
  const n1 = reference.filter((v) => !Number.isNaN(v)).length;
  const n2 = current.filter((v) => !Number.isNaN(v)).length;
  if (n1 === 0 || n2 === 0) {
    return { d: 0, pValue: 1, n1, n2, effectiveN: 0, lambda: 0, drift: false, severity: 'none', enoughSamples: false };
  }
  const ks = ksTwoSample(reference, current);
  const enoughSamples = n1 >= minSamples && n2 >= minSamples;
  if (!enoughSamples) return { ...ks, drift: false, severity: 'none', enoughSamples };
  return { ...ks, drift: ks.pValue < alpha, severity: driftSeverity(ks.d), enoughSamples };
}
