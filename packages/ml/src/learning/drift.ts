// Has a series moved away from what its models were trained on? Each feature (and the one-bar
// return) of the recent window is compared with the training window before it: the two-sample
// KS test (exact D, asymptotic p) and the PSI over the reference's deciles. A feature drifts
// when KS says so (p < 0.05, D ≥ 0.2: the seed's "medium") and the PSI agrees (≥ 0.25,
// "significant").
//
// Features of consecutive bars are autocorrelated (a 20-bar average barely moves from one bar
// to the next), so 63 recent bars of one hold far fewer than 63 independent values. The seed's
// test counted every bar and, on a plain random walk, flags most features most of the time. The
// p-value here uses each side's effective sample size n·(1 − ρ)/(1 + ρ), ρ the feature's lag-1
// autocorrelation in the reference window, and a feature with fewer than 10 effective values
// in either window is reported but never called drifted.

import { driftSeverity, kolmogorovSurvival, ksStatistic, type DriftSeverity } from '../stats/kolmogorov-smirnov';
import { populationStabilityIndex } from '../stats/psi';

export const DRIFT = {
  recentBars: 63,
  minReferenceBars: 126,
  alpha: 0.05,
  minEffectiveSamples: 10,
  psiSignificant: 0.25,
  alertSeverity: 'medium' as DriftSeverity,
} as const;

/** Lag-1 autocorrelation, clamped to [0, 0.99] (a negative one would inflate the sample). */
function lag1(values: readonly number[]): number {
  const n = values.length;
  if (n < 3) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    den += d * d;
    if (i > 0) num += d * (values[i - 1]! - mean);
  }
  return den > 0 ? Math.min(0.99, Math.max(0, num / den)) : 0;
}

/** KS D on the values, its p-value on the effective sample sizes. */
function ksEffective(a: readonly number[], b: readonly number[]): { d: number; p: number; enough: boolean } {
  if (a.length === 0 || b.length === 0) return { d: 0, p: 1, enough: false };
  const rho = lag1(a);
  const shrink = (1 - rho) / (1 + rho);
  const na = a.length * shrink;
  const nb = b.length * shrink;
  const d = ksStatistic(a, b);
  const root = Math.sqrt((na * nb) / (na + nb));
  return { d, p: kolmogorovSurvival((root + 0.12 + 0.11 / root) * d), enough: Math.min(na, nb) >= DRIFT.minEffectiveSamples };
}

const RANK: Record<DriftSeverity, number> = { none: 0, low: 1, medium: 2, high: 3 };

export interface DriftTest {
  name: string;
  d: number;
  p: number;
  psi: number;
  severity: DriftSeverity;
  drifted: boolean;
}

export interface DriftReport {
  tests: DriftTest[];
  /** The worst severity among the tests that drifted ('none' when none did). */
  severity: DriftSeverity;
  drifted: boolean;
}

/** Columns of `reference` and `recent` rows, by name; NaNs (warm-up rows) are left out. */
export function driftReport(names: readonly string[], reference: ReadonlyArray<readonly number[]>, recent: ReadonlyArray<readonly number[]>): DriftReport {
  const column = (rows: ReadonlyArray<readonly number[]>, j: number) => rows.map((r) => r[j]!).filter(Number.isFinite);
  const tests = names.map((name, j): DriftTest => {
    const a = column(reference, j);
    const b = column(recent, j);
    const ks = ksEffective(a, b);
    const psi = a.length > 0 && b.length > 0 ? populationStabilityIndex(a, b).psi : 0;
    const severity = ks.enough ? driftSeverity(ks.d) : 'none';
    const drifted = ks.p < DRIFT.alpha && RANK[severity] >= RANK[DRIFT.alertSeverity] && psi >= DRIFT.psiSignificant;
    return { name, d: ks.d, p: ks.p, psi, severity, drifted };
  });
  const worst = tests.filter((t) => t.drifted).reduce<DriftSeverity>((w, t) => (RANK[t.severity] > RANK[w] ? t.severity : w), 'none');
  return { tests, severity: worst, drifted: worst !== 'none' };
}
