// Population Stability Index between a reference sample (training) and a current sample, with
// bins cut at the reference's own quantiles so each reference bin starts equally full.
import { quantileSortedLinear, sortedCopy } from './quantiles';

export type PsiLevel = 'stable' | 'moderate' | 'significant';

export interface PsiBin {
  /** Exclusive lower edge; −Infinity for the first bin. */
  lower: number;
  /** Inclusive upper edge; Infinity for the last bin. */
  upper: number;
  expected: number;
  actual: number;
}

export interface PsiResult {
  psi: number;
  level: PsiLevel;
  bins: PsiBin[];
}

export interface PsiOptions {
  bins?: number;
  /** Floor for a bin's share, so an empty bin contributes a large finite term, not Infinity. */
  epsilon?: number;
}

/**
 * PSI = Σ (a − e)·ln(a / e) over bins, with e and a the reference and current shares.
 *
 * Bins: interior edges at the reference's i/bins quantiles (numpy linear rule), repeated edges
 * merged (a reference with ties yields fewer bins), outer bins open to ±Infinity so current
 * values beyond the reference range still count. Bins are right-closed, (lower, upper], as in
 * pandas' qcut. Shares below epsilon (default 1e-4) are raised to it, without renormalising.
 *
 * Conventional reading: < 0.1 stable, 0.1 to < 0.25 moderate shift, ≥ 0.25 significant shift.
 */
export function populationStabilityIndex(
  reference: readonly number[],
  current: readonly number[],
  options: PsiOptions = {},
): PsiResult {
  const nBins = options.bins ?? 10;
  const epsilon = options.epsilon ?? 1e-4;
  if (!Number.isInteger(nBins) || nBins < 2) throw new RangeError(`populationStabilityIndex: bins must be an integer ≥ 2, got ${nBins}`);
  if (!(epsilon > 0)) throw new RangeError(`populationStabilityIndex: epsilon must be positive, got ${epsilon}`);
  if (reference.length === 0 || current.length === 0) {
    throw new RangeError('populationStabilityIndex: both samples need values');
  }
  const ref = sortedCopy(reference);
  const edges: number[] = [];
  for (let i = 1; i < nBins; i++) {
    const e = quantileSortedLinear(ref, i / nBins);
    if (edges.length === 0 || e > (edges[edges.length - 1] as number)) edges.push(e);
  }
  const expectedCounts = countBins(ref, edges);
  const actualCounts = countBins(sortedCopy(current), edges);
  let psi = 0;
  const bins = expectedCounts.map((ec, b): PsiBin => {
    const expected = Math.max(epsilon, ec / ref.length);
    const actual = Math.max(epsilon, (actualCounts[b] as number) / current.length);
    psi += (actual - expected) * Math.log(actual / expected);
    return { lower: edges[b - 1] ?? -Infinity, upper: edges[b] ?? Infinity, expected, actual };
  });
  return { psi, level: psiLevel(psi), bins };
}

export function psiLevel(psi: number): PsiLevel {
  if (psi < 0.1) return 'stable';
  if (psi < 0.25) return 'moderate';
  return 'significant';
}

/** Counts of an ascending sample in the right-closed bins cut at `edges`. */
function countBins(sorted: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let b = 0;
  for (const v of sorted) {
    while (b < edges.length && v > (edges[b] as number)) b++;
    counts[b] = (counts[b] as number) + 1;
  }
  return counts;
}
