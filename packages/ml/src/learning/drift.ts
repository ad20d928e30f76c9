// Has a series moved away from what its models were trained on? Each feature (and the one-bar
// return) of the recent window is compared with the training window before it: the two-sample
// KS test (exact D, asymptotic p) and the PSI over the reference's deciles. A feature drifts
// when KS says so (p < 0.05, D ≥ 0.2: the seed's "medium") and the PSI agrees (≥ 0.25,
// "significant"); requiring both keeps ordinary regime noise from paging anyone.

import { driftSeverity, ksDrift, type DriftSeverity } from '../stats/kolmogorov-smirnov';
import { populationStabilityIndex } from '../stats/psi';

export const DRIFT = { recentBars: 63, minReferenceBars: 126, psiSignificant: 0.25, alertSeverity: 'medium' as DriftSeverity } as const;

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
    const ks = ksDrift(a, b);
    const psi = a.length > 0 && b.length > 0 ? populationStabilityIndex(a, b).psi : 0;
    const drifted = ks.drift && ks.enoughSamples && RANK[ks.severity] >= RANK[DRIFT.alertSeverity] && psi >= DRIFT.psiSignificant;
    return { name, d: ks.d, p: ks.pValue, psi, severity: ks.enoughSamples ? driftSeverity(ks.d) : 'none', drifted };
  });
  const worst = tests.filter((t) => t.drifted).reduce<DriftSeverity>((w, t) => (RANK[t.severity] > RANK[w] ? t.severity : w), 'none');
  return { tests, severity: worst, drifted: worst !== 'none' };
}
