// 1-D Lloyd k-means as sklearn's KMeans(init=array, n_init=1, algorithm='lloyd') runs it, for
// SuperTrend AI's factor choice. Not ckmeans: that finds the optimal partition, sklearn stops at
// a local one, and the two can pick different factors.

export interface KMeansResult {
  /** Cluster index per value, in input order. */
  labels: number[];
  centers: number[];
  /** Lloyd iterations run (sklearn's n_iter_). */
  iterations: number;
}

/** Nearest centre by squared distance; a tie goes to the lower index, as sklearn's strict `<`. */
function assign(values: readonly number[], centers: readonly number[]): number[] {
  return values.map((x) => {
    let best = 0;
    let bestDistance = (x - centers[0]!) ** 2;
    for (let j = 1; j < centers.length; j++) {
      const d = (x - centers[j]!) ** 2;
      if (d < bestDistance) {
        best = j;
        bestDistance = d;
      }
    }
    return best;
  });
}

const sameLabels = (a: readonly number[], b: readonly number[]): boolean => a.every((v, i) => v === b[i]);

/**
 * Runs at most `maxIter` Lloyd steps from `init`. sklearn's rules, kept because they decide the
 * labels when performances tie (identical trend paths give identical P, which is common):
 * - stop when the labels repeat, or when the summed squared centre shift is ≤ 1e-4 × the
 *   variance of the values; in the latter case the labels are recomputed from the final centres;
 * - an empty cluster takes the value farthest from its current centre, which leaves its old
 *   cluster. Farthest-distance ties go to the lower index here; sklearn's argpartition leaves
 *   that order unspecified. A cluster emptied that way sits at the mean of the values, where
 *   sklearn's mean-centred arithmetic leaves it.
 * sklearn also measures distances as ‖c‖² − 2x·c on mean-centred data, so a value exactly
 * midway between two centres may fall on the other side there; real performances do not hit
 * such exact ties in practice.
 */
export function kmeans1d(values: readonly number[], init: readonly number[], maxIter = 1000): KMeansResult {
  const n = values.length;
  const k = init.length;
  if (n === 0 || k === 0) throw new RangeError('k-means needs values and initial centres');
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const tolerance = 1e-4 * (values.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  let centers = [...init];
  let previous: number[] = values.map(() => -1);
  let labels: number[] = previous;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    labels = assign(values, centers);
    const sums = centers.map(() => 0);
    const counts = centers.map(() => 0);
    labels.forEach((j, i) => {
      sums[j]! += values[i]!;
      counts[j]!++;
    });
    relocateEmpty(values, centers, labels, sums, counts);
    const next = sums.map((s, j) => (counts[j]! > 0 ? s / counts[j]! : mean));
    const shift = next.reduce((s, c, j) => s + (c - centers[j]!) ** 2, 0);
    centers = next;
    if (sameLabels(labels, previous)) {
      converged = true;
      break;
    }
    if (shift <= tolerance) break;
    previous = labels;
  }
  if (!converged) labels = assign(values, centers);
  return { labels, centers, iterations };
}

/** sklearn's _relocate_empty_clusters: mutates the running sums and counts. */
function relocateEmpty(
  values: readonly number[],
  centers: readonly number[],
  labels: readonly number[],
  sums: number[],
  counts: number[],
): void {
  const empty = counts.flatMap((c, j) => (c === 0 ? [j] : []));
  if (empty.length === 0) return;
  const farthest = values
    .map((x, i) => ({ i, d: (x - centers[labels[i]!]!) ** 2 }))
    .sort((a, b) => b.d - a.d || a.i - b.i);
  empty.forEach((j, e) => {
    const { i } = farthest[e]!;
    const from = labels[i]!;
    sums[from]! -= values[i]!;
    counts[from]!--;
    sums[j] = values[i]!;
    counts[j] = 1;
  });
}
