/**
 * numpy `percentile(values, q)` with its default method 'linear': virtual index (n − 1)·q/100
 * into the sorted values, interpolated with numpy's two-sided lerp (from the upper neighbour
 * when the fraction is ≥ 0.5), so results match numpy to the bit. simple-statistics 7.12.1
 * `quantile` uses the same index but always interpolates up from the lower neighbour, which
 * can differ in the last bit and move a tie in SuperTrend AI's k-means initialisation.
 */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile q must lie in [0, 100], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const virtual = (n - 1) * (q / 100);
  if (virtual >= n - 1) return sorted[n - 1]!;
  const below = Math.floor(virtual);
  const fraction = virtual - below;
  const lower = sorted[below]!;
  const upper = sorted[below + 1]!;
  const diff = upper - lower;
  return fraction >= 0.5 ? upper - diff * (1 - fraction) : lower + diff * fraction;
}
