import type { PerformanceSums } from '@marketfleet/db';
import { wilson } from '@marketfleet/ml';

/**
 * Fewer live evaluations than this and no verdict is given: the 95 % interval of a hit rate over
 * 30 forecasts is about ±0.17 wide, too wide to say anything against a base rate near 0.5.
 */
export const MIN_EVALUATIONS = 30;

export type Verdict = 'skill' | 'no skill' | 'too few';

/** How the forecasts did, as rates: what the dashboard shows for a horizon, a model or a symbol. */
export interface Figures {
  n: number;
  /** Direction hits / n (null without evaluations). */
  hitRate: number | null;
  /** Wilson 95 % interval of the hit rate ([0, 1] without evaluations). */
  interval: { lower: number; upper: number };
  /** Always calling the direction that happened most often over the same forecasts. */
  baseRate: number | null;
  /** `skill` only when the interval's lower bound lies above the base rate. */
  verdict: Verdict;
  /** The 3-class label came true. */
  labelHitRate: number | null;
  /** Mean |forecast − realised| / start price, and the random walk's. */
  mae: number | null;
  maeRandomWalk: number | null;
  /** mae / maeRandomWalk: below 1 beats the random walk. */
  mase: number | null;
  /** Realised closes inside the 80 % and 95 % bands. */
  coverage80: number | null;
  coverage95: number | null;
  /** Mean Brier score of the class probabilities, climatology's, and 1 − their ratio. */
  brier: number | null;
  brierClimatology: number | null;
  brierSkill: number | null;
}

export const EMPTY_SUMS: PerformanceSums = {
  n: 0, hits: 0, ups: 0, labelHits: 0, absError: 0, absErrorRandomWalk: 0, in80: 0, in95: 0, brier: 0, brierClimatology: 0,
};

export function addSums(a: PerformanceSums, b: PerformanceSums): PerformanceSums {
  return {
    n: a.n + b.n, hits: a.hits + b.hits, ups: a.ups + b.ups, labelHits: a.labelHits + b.labelHits, absError: a.absError + b.absError,
    absErrorRandomWalk: a.absErrorRandomWalk + b.absErrorRandomWalk, in80: a.in80 + b.in80, in95: a.in95 + b.in95,
    brier: a.brier + b.brier, brierClimatology: a.brierClimatology + b.brierClimatology,
  };
}

export const sumAll = (rows: readonly PerformanceSums[]): PerformanceSums => rows.reduce(addSums, EMPTY_SUMS);

/** Rounded for the wire: six decimals are far below any difference the sample sizes can resolve. */
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const rate = (num: number, n: number) => (n > 0 ? r6(num / n) : null);

/** The base rate of n forecasts of which `ups` saw a rise: the better of always-up and always-down. */
export const baseRateOf = (ups: number, n: number): number | null => (n > 0 ? r6(Math.max(ups, n - ups) / n) : null);

export function verdictOf(n: number, lower: number, baseRate: number | null): Verdict {
  if (n < MIN_EVALUATIONS || baseRate === null) return 'too few';
  return lower > baseRate ? 'skill' : 'no skill';
}

export function figuresOf(s: PerformanceSums): Figures {
  const { n } = s;
  const ci = wilson(s.hits, n);
  const baseRate = baseRateOf(s.ups, n);
  return {
    n,
    hitRate: rate(s.hits, n),
    interval: { lower: r6(ci.lower), upper: r6(ci.upper) },
    baseRate,
    verdict: verdictOf(n, ci.lower, baseRate),
    labelHitRate: rate(s.labelHits, n),
    mae: rate(s.absError, n),
    maeRandomWalk: rate(s.absErrorRandomWalk, n),
    mase: s.absErrorRandomWalk > 0 ? r6(s.absError / s.absErrorRandomWalk) : null,
    coverage80: rate(s.in80, n),
    coverage95: rate(s.in95, n),
    brier: rate(s.brier, n),
    brierClimatology: rate(s.brierClimatology, n),
    brierSkill: s.brierClimatology > 0 ? r6(1 - s.brier / s.brierClimatology) : null,
  };
}

export interface ReliabilityBinSums {
  bin: number;
  count: number;
  sumP: number;
  hits: number;
}

/** The reliability diagram's points: per tenth of the label's probability, what was said and what came true. */
export function reliabilityOf(bins: readonly ReliabilityBinSums[]) {
  const byBin = new Map<number, ReliabilityBinSums>();
  for (const b of bins) {
    const at = byBin.get(b.bin);
    byBin.set(b.bin, at ? { bin: b.bin, count: at.count + b.count, sumP: at.sumP + b.sumP, hits: at.hits + b.hits } : b);
  }
  const table = Array.from({ length: 10 }, (_, i) => {
    const b = byBin.get(i);
    const count = b?.count ?? 0;
    return {
      lower: i / 10,
      upper: (i + 1) / 10,
      count,
      meanPredicted: b && count > 0 ? r6(b.sumP / count) : null,
      observedFrequency: b && count > 0 ? r6(b.hits / count) : null,
    };
  });
  const total = table.reduce((a, b) => a + b.count, 0);
  const ece = table.reduce((a, b) => a + (b.count > 0 ? (b.count / total) * Math.abs(b.meanPredicted! - b.observedFrequency!) : 0), 0);
  return { bins: table, count: total, expectedCalibrationError: total > 0 ? r6(ece) : null };
}
