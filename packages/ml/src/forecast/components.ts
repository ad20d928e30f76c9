import { fitAr1 } from '../models/ar1';
import { driftForecaster } from '../models/baselines';
import { fitRobustScaler } from '../models/robust-scaler';
import { fitSoftmaxRegression } from '../models/softmax-regression';
import { normCdf } from '@marketfleet/market';
import { complete } from './features';
import type { HorizonSpec } from './horizons';

/**
 * The ensemble's members. Each gives class probabilities (bearish, neutral, bullish) and an
 * expected cumulative log return per path step:
 * - `naive`: the random walk (no change; classes at their training frequencies) — the baseline;
 * - `drift`: the training window's mean return, carried forward;
 * - `logistic`: a regularised softmax classifier on the standardised features;
 * - `ar1`: an AR(1) model of the 1-bar returns, decaying from the last one.
 */
export const MODELS = ['naive', 'drift', 'logistic', 'ar1'] as const;

/** Forecasts and calibrations are keyed by it: change it when the features, members or training change. */
export const MODEL_VERSION = 'ensemble-1';
export type ModelName = (typeof MODELS)[number];

export interface ComponentForecast {
  probabilities: number[];
  /** Expected cumulative log return after 1 … pathSteps bars. */
  path: number[];
}

export interface FittedComponents {
  /** Forecasts from the features of the bar the fit ends at (the latest bar). */
  predict(row: readonly number[]): Record<ModelName, ComponentForecast>;
  /** Class-boundary return over the horizon: ± this is neutral. */
  threshold: number;
  /** 1-bar log-return volatility of the training window. */
  sigma: number;
  /** Class frequencies of the training labels: the climatology Brier scores are measured against. */
  climatology: number[];
  trainingRows: number;
  /** Index of the first and last bar whose label the fit used. */
  window: { from: number; to: number };
}

/** Labels split the horizon's returns about into thirds under a normal law: |z| < 0.43 is neutral. */
const TERCILE_Z = 0.4307;
const L2 = 1e-2;
const ITERATIONS = 60;

/**
 * The scale bands are drawn in: the standard deviation of the last `window` one-bar log returns
 * at `end`, floored at a quarter of the training volatility so a few flat bars cannot collapse it.
 * Bands scaled by it widen in turbulent markets and narrow in calm ones (normalised conformal).
 */
export function recentVolatility(logCloses: readonly number[], end: number, floor: number, window = 20): number {
  if (end < window) return floor;
  let sum = 0;
  let sq = 0;
  for (let i = end - window + 1; i <= end; i++) {
    const r = logCloses[i]! - logCloses[i - 1]!;
    sum += r;
    sq += r * r;
  }
  const mean = sum / window;
  return Math.max(Math.sqrt(Math.max(0, (sq - window * mean * mean) / (window - 1))), floor);
}

export const classOf = (r: number, threshold: number) => (r < -threshold ? 0 : r > threshold ? 2 : 1);

/** The path of a model that only speaks about the horizon: linear to it, flat after. */
const towards = (total: number, steps: number, pathSteps: number) =>
  Array.from({ length: pathSteps }, (_, i) => (total * Math.min(i + 1, steps)) / steps);

/**
 * Fits every member on the bars up to `end` (inclusive). Training rows are the bars whose
 * horizon has passed by `end`, so no label looks past it; null when there are too few.
 */
export function fitComponents(
  rows: readonly (readonly number[])[],
  logCloses: readonly number[],
  end: number,
  spec: HorizonSpec,
): FittedComponents | null {
  const start = Math.max(1, end - spec.trainBars + 1);
  const returns: number[] = [];
  for (let i = start; i <= end; i++) returns.push(logCloses[i]! - logCloses[i - 1]!);
  const drift = driftForecaster(returns);
  if (!(drift.sigma > 0)) return null;
  const threshold = TERCILE_Z * drift.sigma * Math.sqrt(spec.steps);
  const X: number[][] = [];
  const y: number[] = [];
  const forward: number[] = [];
  for (let i = start; i + spec.steps <= end; i++) {
    if (!complete(rows[i]!)) continue;
    const r = logCloses[i + spec.steps]! - logCloses[i]!;
    X.push([...rows[i]!]);
    y.push(classOf(r, threshold));
    forward.push(r);
  }
  if (X.length < spec.minTrainRows) return null;
  const counts = [0, 0, 0];
  const sums = [0, 0, 0];
  y.forEach((c, i) => {
    counts[c]!++;
    sums[c]! += forward[i]!;
  });
  const climatology = counts.map((c) => c / y.length);
  const classMean = sums.map((s, c) => (counts[c]! > 0 ? s / counts[c]! : 0));
  const scaler = fitRobustScaler(X);
  const classifier = fitSoftmaxRegression(X.map(scaler.transform), y, 3, { l2: L2, iterations: ITERATIONS });
  const ar1 = fitAr1(returns);
  const { steps, pathSteps } = spec;
  const arSigma = ar1.cumulativeSigma(steps);
  return {
    threshold,
    sigma: drift.sigma,
    climatology,
    trainingRows: X.length,
    window: { from: start, to: end - spec.steps },
    predict(row) {
      const probabilities = classifier.predictProba(scaler.transform(row));
      const logisticReturn = probabilities.reduce((e, p, c) => e + p * classMean[c]!, 0);
      const arPath = ar1.path(pathSteps);
      const arMean = arPath[steps - 1]!;
      const below = arSigma > 0 ? normCdf((-threshold - arMean) / arSigma) : arMean < -threshold ? 1 : 0;
      const above = arSigma > 0 ? 1 - normCdf((threshold - arMean) / arSigma) : arMean > threshold ? 1 : 0;
      return {
        naive: { probabilities: climatology, path: new Array<number>(pathSteps).fill(0) },
        drift: { probabilities: climatology, path: drift.path(pathSteps) },
        logistic: { probabilities, path: towards(logisticReturn, steps, pathSteps) },
        ar1: { probabilities: [below, Math.max(0, 1 - below - above), above], path: arPath },
      };
    },
  };
}
