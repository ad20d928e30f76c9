// The live performance history as additive sums: a day's figures per horizon × model are sums
// of that day's evaluations, so any window's figures are exact sums of its days and the summary
// (hit rate with its interval, MASE, coverage, Brier) is computed from sums alone.

import { wilson, type ProportionInterval } from '../stats/wilson';
import type { ForecastScore } from './score';

/** The ensemble's row; the components keep their model names. */
export const ENSEMBLE = 'ensemble';

export interface PerformanceSums {
  n: number;
  hits: number;
  /** Realised returns above zero: the base rate's numerator. */
  ups: number;
  labelHits: number;
  absError: number;
  absErrorRandomWalk: number;
  /** Bands are the ensemble's: components count 0 here. */
  in80: number;
  in95: number;
  brier: number;
  brierClimatology: number;
  /** Per tenth of the label's probability: [count, summed probability, labels that came true]. */
  reliability: Array<[number, number, number]>;
}

export const emptySums = (): PerformanceSums => ({
  n: 0, hits: 0, ups: 0, labelHits: 0, absError: 0, absErrorRandomWalk: 0, in80: 0, in95: 0, brier: 0, brierClimatology: 0,
  reliability: Array.from({ length: 10 }, () => [0, 0, 0] as [number, number, number]),
});

export function addSums(into: PerformanceSums, s: PerformanceSums): PerformanceSums {
  into.n += s.n;
  into.hits += s.hits;
  into.ups += s.ups;
  into.labelHits += s.labelHits;
  into.absError += s.absError;
  into.absErrorRandomWalk += s.absErrorRandomWalk;
  into.in80 += s.in80;
  into.in95 += s.in95;
  into.brier += s.brier;
  into.brierClimatology += s.brierClimatology;
  s.reliability.forEach(([c, p, h], i) => {
    const bin = into.reliability[i]!;
    bin[0] += c;
    bin[1] += p;
    bin[2] += h;
  });
  return into;
}

const tenth = (p: number) => Math.min(9, Math.max(0, Math.floor(p * 10)));

function addOne(s: PerformanceSums, e: { hit: boolean; up: boolean; absError: number; brier: number }, score: ScoreFields, ensemble: boolean): void {
  s.n += 1;
  s.hits += e.hit ? 1 : 0;
  s.ups += e.up ? 1 : 0;
  s.absError += e.absError;
  s.absErrorRandomWalk += score.absErrorRandomWalk;
  s.brier += e.brier;
  s.brierClimatology += score.brierClimatology;
  if (!ensemble) return;
  s.labelHits += score.labelHit ? 1 : 0;
  s.in80 += score.in80 ? 1 : 0;
  s.in95 += score.in95 ? 1 : 0;
  const bin = s.reliability[tenth(score.confidence)]!;
  bin[0] += 1;
  bin[1] += score.confidence;
  bin[2] += score.labelCorrect ? 1 : 0;
}

/** What the sums read of an evaluation: a fresh score, or a stored evaluation row. */
export type ScoreFields = Pick<
  ForecastScore,
  'realizedReturn' | 'directionHit' | 'labelHit' | 'confidence' | 'labelCorrect' | 'brier' | 'brierClimatology' | 'absError' | 'absErrorRandomWalk' | 'in80' | 'in95' | 'models'
>;

export interface ScoredForecast {
  day: string;
  horizon: string;
  symbolId: number;
  score: ScoreFields;
}

export interface PerformanceRow extends PerformanceSums {
  day: string;
  horizon: string;
  model: string;
  /** 0: every symbol. */
  symbolId: number;
}

/** Daily sums per horizon × model, for every symbol (0) and for each symbol. */
export function performanceRows(evaluations: readonly ScoredForecast[]): PerformanceRow[] {
  const rows = new Map<string, PerformanceRow>();
  const rowOf = (day: string, horizon: string, model: string, symbolId: number) => {
    const key = `${day}|${horizon}|${model}|${symbolId}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { day, horizon, model, symbolId, ...emptySums() }));
    return row;
  };
  for (const { day, horizon, symbolId, score } of evaluations) {
    const up = score.realizedReturn > 0;
    for (const sid of [0, symbolId]) {
      addOne(rowOf(day, horizon, ENSEMBLE, sid), { hit: score.directionHit, up, absError: score.absError, brier: score.brier }, score, true);
      for (const [model, m] of Object.entries(score.models)) addOne(rowOf(day, horizon, model, sid), { ...m, up }, score, false);
    }
  }
  return [...rows.values()];
}

export interface PerformanceSummary {
  n: number;
  hitRate: ProportionInterval;
  /** Always calling the direction that happened most often: the figure a hit rate must beat. */
  baseRate: number;
  labelHitRate: number;
  mae: number;
  /** mae over the random walk's; below 1 beats it. Null without any move. */
  mase: number | null;
  coverage80: number;
  coverage95: number;
  brier: number;
  brierClimatology: number;
  verdict: 'skill' | 'no skill' | 'too few';
}

/** Below this many evaluations no verdict is given. */
export const MIN_VERDICT_SAMPLES = 30;

export function summariseSums(s: PerformanceSums): PerformanceSummary {
  const n = s.n;
  const hitRate = wilson(s.hits, n);
  const baseRate = n > 0 ? Math.max(s.ups, n - s.ups) / n : 0;
  const mase = s.absErrorRandomWalk > 0 ? s.absError / s.absErrorRandomWalk : null;
  const verdict = n < MIN_VERDICT_SAMPLES ? 'too few' : hitRate.lower > baseRate && mase !== null && mase < 1 ? 'skill' : 'no skill';
  const per = (x: number) => (n > 0 ? x / n : 0);
  return {
    n, hitRate, baseRate, labelHitRate: per(s.labelHits), mae: per(s.absError), mase,
    coverage80: per(s.in80), coverage95: per(s.in95), brier: per(s.brier), brierClimatology: per(s.brierClimatology), verdict,
  };
}
