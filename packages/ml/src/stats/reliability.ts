// Reliability (calibration) table for binary events: does "70 %" happen 70 % of the time?
// For class probabilities, score one class against "that class happened", or the top class
// against "the top class was right".

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin; null when the bin is empty. */
  meanPredicted: number | null;
  /** Fraction of events that happened in the bin; null when the bin is empty. */
  observedFrequency: number | null;
}

export interface ReliabilityTable {
  bins: ReliabilityBin[];
  /** Count-weighted mean |meanPredicted − observedFrequency| over non-empty bins. */
  expectedCalibrationError: number;
  /** Predictions outside [edges[0], edges[last]], left out of every bin. */
  outside: number;
}

const TENTHS = Array.from({ length: 11 }, (_, i) => i / 10);

/**
 * Bins are [edges[i], edges[i+1]) with the last bin closed on the right, so a prediction of
 * exactly 1 lands in the top bin. Edges must increase strictly.
 */
export function reliabilityTable(
  predicted: readonly number[],
  outcomes: readonly number[],
  edges: readonly number[] = TENTHS,
): ReliabilityTable {
  if (predicted.length !== outcomes.length) {
    throw new RangeError(`reliabilityTable: ${predicted.length} predictions but ${outcomes.length} outcomes`);
  }
  if (edges.length < 2) throw new RangeError('reliabilityTable: need at least two edges');
  for (let i = 1; i < edges.length; i++) {
    if (!((edges[i] as number) > (edges[i - 1] as number))) {
      throw new RangeError('reliabilityTable: edges must increase strictly');
    }
  }
  const nBins = edges.length - 1;
  const count = new Array<number>(nBins).fill(0);
  const sumP = new Array<number>(nBins).fill(0);
  const sumY = new Array<number>(nBins).fill(0);
  let outside = 0;
  predicted.forEach((p, i) => {
    const y = outcomes[i] as number;
    if (y !== 0 && y !== 1) throw new RangeError(`reliabilityTable: outcome ${i} is ${y}, not 0 or 1`);
    const b = binOf(p, edges);
    if (b < 0) {
      outside++;
      return;
    }
    count[b] = (count[b] as number) + 1;
    sumP[b] = (sumP[b] as number) + p;
    sumY[b] = (sumY[b] as number) + y;
  });
  const total = predicted.length - outside;
  let ece = 0;
  const bins = count.map((c, b): ReliabilityBin => {
    const lower = edges[b] as number;
    const upper = edges[b + 1] as number;
    if (c === 0) return { lower, upper, count: 0, meanPredicted: null, observedFrequency: null };
    const meanPredicted = (sumP[b] as number) / c;
    const observedFrequency = (sumY[b] as number) / c;
    ece += (c / total) * Math.abs(meanPredicted - observedFrequency);
    return { lower, upper, count: c, meanPredicted, observedFrequency };
  });
  return { bins, expectedCalibrationError: ece, outside };
}

/** Index of the bin holding p, or −1 when p is outside the edges (or NaN). */
function binOf(p: number, edges: readonly number[]): number {
  const last = edges.length - 1;
  if (!(p >= (edges[0] as number) && p <= (edges[last] as number))) return -1;
  if (p === edges[last]) return last - 1;
  // Binary search for the largest i with edges[i] <= p.
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] as number) <= p) lo = mid;
    else hi = mid;
  }
  return lo;
}
