// Realised direction labels and per-forecast scores, ported from the seed's daily
// `evaluation_job` (±2 %) and intraday evaluation (±0.2 %), §2.1 and §2.2.

export const DIRECTION_LABELS = ['bearish', 'neutral', 'bullish'] as const;
export type DirectionLabel = (typeof DIRECTION_LABELS)[number];

/** Class index of a label for the class models: bearish 0, neutral 1, bullish 2. */
export function labelIndex(label: DirectionLabel): number {
  return DIRECTION_LABELS.indexOf(label);
}

export const DAILY_LABEL_THRESHOLD = 0.02;
export const INTRADAY_LABEL_THRESHOLD = 0.002;

/**
 * (realized − start) / start, in the seed's operation order. The spec writes
 * realized/start − 1, which differs in the last bits and can flip a label sitting exactly on
 * the ±2 % boundary; the seed's form keeps (102 − 100)/100 exactly 0.02 (neutral).
 */
export function realizedReturn(start: number, realized: number): number {
  if (!(start > 0)) throw new RangeError(`realizedReturn: start price must be positive, got ${start}`);
  return (realized - start) / start;
}

/** bullish above +threshold, bearish below −threshold, neutral otherwise (boundaries neutral). */
export function classifyReturn(r: number, threshold: number): DirectionLabel {
  if (r > threshold) return 'bullish';
  if (r < -threshold) return 'bearish';
  return 'neutral';
}

/**
 * Binary direction: 1 when the return is strictly positive, else 0. A flat outcome counts as
 * "not up", as in the seed's Option B (`actual > prior`) and its validator (`close > open`).
 */
export function binaryDirection(r: number): 0 | 1 {
  return r > 0 ? 1 : 0;
}

export interface PointEvaluation {
  realizedReturn: number;
  realizedLabel: DirectionLabel;
  /** Exact 3-class match of predicted and realised labels. */
  directionCorrect: boolean;
  priceError: number;
  /** |predicted − realized| / start (daily) or / current price (intraday). */
  priceErrorPct: number;
}

function score(label: DirectionLabel, predicted: number, start: number, realized: number, threshold: number): PointEvaluation {
  const r = realizedReturn(start, realized);
  const realizedLabel = classifyReturn(r, threshold);
  const priceError = Math.abs(predicted - realized);
  return { realizedReturn: r, realizedLabel, directionCorrect: label === realizedLabel, priceError, priceErrorPct: priceError / start };
}

export interface DailyForecastOutcome {
  predictedLabel: DirectionLabel;
  /** points[-1].value of the forecast. */
  predictedValue: number;
  /** The n-th d1 close after the forecast (n = 1, 5, 20). */
  realizedPrice: number;
  /**
   * Last close at or before the forecast. When missing, the seed estimates it as
   * predictedValue / 1.02; that fallback is kept so results match.
   */
  startPrice?: number;
}

export function evaluateDaily(f: DailyForecastOutcome): PointEvaluation {
  const start = f.startPrice ?? f.predictedValue / 1.02;
  return score(f.predictedLabel, f.predictedValue, start, f.realizedPrice, DAILY_LABEL_THRESHOLD);
}

export interface IntradayForecastOutcome {
  predictedLabel: DirectionLabel;
  targetPrice: number;
  currentPrice: number;
  /** Last m15/h1 close at or before the forecast's expiry. */
  realizedPrice: number;
}

export function evaluateIntraday(f: IntradayForecastOutcome): PointEvaluation {
  return score(f.predictedLabel, f.targetPrice, f.currentPrice, f.realizedPrice, INTRADAY_LABEL_THRESHOLD);
}

/**
 * The intraday `sr_containment` flag: realised price within
 * [min(sr, st, P)·0.98, max(sr, st, P)·1.02], both ends inclusive.
 */
export function srContainment(realizedPrice: number, currentPrice: number, srComponent: number, stComponent: number): boolean {
  const lower = Math.min(srComponent, stComponent, currentPrice) * 0.98;
  const upper = Math.max(srComponent, stComponent, currentPrice) * 1.02;
  return lower <= realizedPrice && realizedPrice <= upper;
}
