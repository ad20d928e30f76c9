import { percentile } from '../indicators/percentile';
import { kmeans1d } from './kmeans';

/** The nine ATR multipliers SuperTrend AI tries: 1.0 to 5.0 in steps of 0.5. */
export const SUPERTREND_FACTORS: readonly number[] = Array.from({ length: 9 }, (_, i) => 1 + 0.5 * i);

export interface FactorChoice {
  factor: number;
  /** k-means label per tried factor. */
  labels: number[];
  centers: number[];
  /** Mean performance per cluster; 0 for an empty cluster, as in the seed. */
  clusterMeans: number[];
  /** The cluster the factor came from (-1 when there were too few factors to cluster). */
  bestCluster: number;
}

/**
 * §1.1 factor choice: k-means (k = 3) over the performances, initialised at their numpy linear
 * 25/50/75 percentiles; the factor is the mean of the factors in the cluster with the highest
 * mean performance. Two seed details decide edge cases:
 * - an empty cluster's mean counts as 0, and a tie between means goes to the later cluster
 *   (Python's stable sort, best = last), so when every performance is ≤ 0 the "best" cluster
 *   can be an empty one;
 * - an empty best cluster, or fewer than three factors, yields the smallest factor.
 */
export function chooseFactor(performances: readonly number[], factors: readonly number[] = SUPERTREND_FACTORS): FactorChoice {
  if (performances.length !== factors.length) throw new RangeError('one performance per factor');
  const smallest = factors[0] ?? NaN;
  if (performances.length < 3) return { factor: smallest, labels: [], centers: [], clusterMeans: [], bestCluster: -1 };
  const init = [25, 50, 75].map((q) => percentile(performances, q));
  const { labels, centers } = kmeans1d(performances, init);
  const clusterMeans = init.map((_, j) => {
    const members = performances.filter((_, i) => labels[i] === j);
    return members.length > 0 ? members.reduce((s, p) => s + p, 0) / members.length : 0;
  });
  let bestCluster = 0;
  clusterMeans.forEach((m, j) => {
    if (m >= clusterMeans[bestCluster]!) bestCluster = j;
  });
  const chosen = factors.filter((_, i) => labels[i] === bestCluster);
  const factor = chosen.length > 0 ? chosen.reduce((s, f) => s + f, 0) / chosen.length : smallest;
  return { factor, labels, centers, clusterMeans, bestCluster };
}
