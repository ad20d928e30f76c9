import { brierScore } from '../stats/brier';
import { reliabilityTable, type ReliabilityTable } from '../stats/reliability';
import { wilson, type ProportionInterval } from '../stats/wilson';
import type { WalkForwardRecord } from './walk-forward';

/**
 * How good the forecasts were, judged the way a sceptic would: the hit rate's interval against
 * the best constant guess, the point error against the random walk, the bands' coverage, and
 * the probabilities' Brier score against climatology. `skill` only when the evidence excludes
 * chance: the interval's lower bound above the base rate and MASE below 1.
 */
export interface EvaluationSummary {
  n: number;
  /** Direction of the expected return against the realised return's sign. */
  hitRate: ProportionInterval;
  /** Always calling the direction that happened most often in these same forecasts. */
  baseRate: number;
  /** The drift baseline: the training window's mean return's sign. */
  driftHitRate: number;
  /** Mean |forecast − realised| / price, and the same for the random walk (no change). */
  mae: number;
  maeRandomWalk: number;
  /** mae / maeRandomWalk: below 1 beats the random walk. */
  mase: number;
  coverage80: number;
  coverage95: number;
  brier: number;
  brierClimatology: number;
  /** 1 − brier / brierClimatology: above 0 beats the class frequencies. */
  brierSkill: number;
  /** Calibration of the label's probability (confidence) against the label coming true. */
  reliability: ReliabilityTable;
  verdict: 'skill' | 'no skill';
  /** A one-bar hit rate whose interval lies entirely above 0.60: too good to be true (§7.3). */
  leakageAlarm: boolean;
}

const LEAKAGE_HIT_RATE = 0.6;

export function summarise(records: readonly WalkForwardRecord[], oneBar: boolean): EvaluationSummary | null {
  const n = records.length;
  if (n === 0) return null;
  let hits = 0;
  let ups = 0;
  let driftHits = 0;
  let absErr = 0;
  let absRw = 0;
  let in80 = 0;
  let in95 = 0;
  for (const r of records) {
    const up = r.realizedReturn > 0;
    if (up) ups++;
    if (r.expectedReturn > 0 === up) hits++;
    if (r.driftUp === up) driftHits++;
    const realized = r.price * Math.exp(r.realizedReturn);
    absErr += Math.abs(r.price * Math.exp(r.expectedReturn) - realized) / r.price;
    absRw += Math.abs(r.price - realized) / r.price;
    if (realized >= r.band80[0] && realized <= r.band80[1]) in80++;
    if (realized >= r.band95[0] && realized <= r.band95[1]) in95++;
  }
  const hitRate = wilson(hits, n);
  const baseRate = Math.max(ups, n - ups) / n;
  const mase = absRw > 0 ? absErr / absRw : Infinity;
  const brier = brierScore(
    records.map((r) => r.probabilities),
    records.map((r) => r.realizedClass),
  );
  const brierClimatology = brierScore(
    records.map((r) => r.climatology),
    records.map((r) => r.realizedClass),
  );
  return {
    n,
    hitRate,
    baseRate,
    driftHitRate: driftHits / n,
    mae: absErr / n,
    maeRandomWalk: absRw / n,
    mase,
    coverage80: in80 / n,
    coverage95: in95 / n,
    brier,
    brierClimatology,
    brierSkill: brierClimatology > 0 ? 1 - brier / brierClimatology : 0,
    reliability: reliabilityTable(
      records.map((r) => r.probabilities[r.predictedClass]!),
      records.map((r) => (r.predictedClass === r.realizedClass ? 1 : 0)),
    ),
    verdict: hitRate.lower > baseRate && mase < 1 ? 'skill' : 'no skill',
    leakageAlarm: oneBar && hitRate.lower > LEAKAGE_HIT_RATE,
  };
}
