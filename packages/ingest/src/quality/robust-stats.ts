/** Median of a non-empty sample (the input is not modified). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation from `center`. */
export function mad(xs: readonly number[], center: number): number {
  return median(xs.map((x) => Math.abs(x - center)));
}

/** MAD × this estimates the standard deviation of normal data; heavy tails barely move it. */
export const MAD_TO_SIGMA = 1.4826;

/** Price ratios (after / before) of the usual splits, forward (n-for-m, the price falls) and reverse. */
const SPLITS: ReadonlyArray<readonly [number, number]> = [
  [2, 1], [3, 1], [3, 2], [4, 1], [5, 1], [8, 1], [10, 1], [15, 1], [20, 1], [25, 1], [30, 1], [50, 1], [100, 1],
];

/** A same-day move of a few percent still leaves a split recognisable. */
const SPLIT_TOLERANCE = 0.04;

/** "2-for-1 split" when a price ratio is the size of a usual split, "1-for-10 reverse split" the other way; else null. */
export function splitLike(ratio: number): string | null {
  if (!(ratio > 0)) return null;
  const r = Math.log(ratio);
  for (const [n, m] of SPLITS) {
    const size = Math.log(n / m);
    if (Math.abs(r + size) < SPLIT_TOLERANCE) return `${n}-for-${m} split`;
    if (Math.abs(r - size) < SPLIT_TOLERANCE) return `${m}-for-${n} reverse split`;
  }
  return null;
}
