// Median/IQR feature scaling, as sklearn's RobustScaler in the seed: a few extreme bars (gaps,
// earnings days) barely move the median and IQR, where they would dominate a mean/std scaler.
import { quantileSortedLinear, sortedCopy } from '../stats/quantiles';

export interface RobustScaler {
  readonly centers: readonly number[];
  readonly scales: readonly number[];
  transform(row: readonly number[]): number[];
}

/**
 * Per-column median and interquartile range (numpy linear percentiles, as sklearn uses).
 * A column whose IQR is (near) zero gets scale 1, so constant features pass through centred
 * instead of dividing by zero; sklearn uses the same 10·machine-epsilon cut.
 */
export function fitRobustScaler(rows: readonly (readonly number[])[]): RobustScaler {
  if (rows.length === 0) throw new RangeError('fitRobustScaler: no rows');
  const d = (rows[0] as readonly number[]).length;
  rows.forEach((r, i) => {
    if (r.length !== d) throw new RangeError(`fitRobustScaler: row ${i} has ${r.length} columns, expected ${d}`);
  });
  const centers: number[] = [];
  const scales: number[] = [];
  for (let j = 0; j < d; j++) {
    const col = sortedCopy(rows.map((r) => r[j] as number));
    const iqr = quantileSortedLinear(col, 0.75) - quantileSortedLinear(col, 0.25);
    centers.push(quantileSortedLinear(col, 0.5));
    scales.push(iqr < 10 * Number.EPSILON ? 1 : iqr);
  }
  const transform = (row: readonly number[]): number[] => {
    if (row.length !== d) throw new RangeError(`RobustScaler.transform: expected ${d} columns, got ${row.length}`);
    return row.map((v, j) => (v - (centers[j] as number)) / (scales[j] as number));
  };
  return { centers, scales, transform };
}
