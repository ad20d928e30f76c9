// numpy-style linear percentiles. simple-statistics `quantile` picks a different rank rule, and
// the seed (sklearn's RobustScaler, numpy.percentile) interpolates linearly between order
// statistics, so anything compared against the seed has to use this one.

/** Sorted ascending copy; rejects NaN because a NaN would silently land at an arbitrary rank. */
export function sortedCopy(values: readonly number[]): number[] {
  for (const v of values) {
    if (Number.isNaN(v)) throw new RangeError('sortedCopy: NaN in input');
  }
  // A typed array sorts numerically without a comparator call per comparison.
  return Array.from(Float64Array.from(values).sort());
}

/** Linear-interpolated quantile of an ascending array at p in [0, 1] (numpy's default rule). */
export function quantileSortedLinear(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantileSortedLinear: empty input');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantileSortedLinear: p must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

export function quantileLinear(values: readonly number[], p: number): number {
  return quantileSortedLinear(sortedCopy(values), p);
}
