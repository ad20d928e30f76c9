// Scoring one forecast against what happened. Everything is measured on returns from the start
// bar as it is stored now (split-adjusted, corrections applied), so a forecast made before a
// split or a corrected bar is judged on the move, not on a price level that changed meaning.

import { classifyReturn, DAILY_LABEL_THRESHOLD, INTRADAY_LABEL_THRESHOLD, labelIndex, type DirectionLabel } from '../evaluation/labels';
import { evaluateOptionB, INTRADAY_HORIZON_DAYS, type OptionBOutcome } from '../evaluation/option-b';
import { brierScore } from '../stats/brier';
import { classOf, MODELS, type ModelName } from '../forecast/components';
import { FORECAST_HORIZONS, INTRADAY_HORIZONS, type Horizon } from '../forecast/horizons';

/** The parts of a stored forecast its evaluation reads. */
export interface ForecastToScore {
  horizon: Horizon;
  label: DirectionLabel;
  confidence: number;
  probabilities: Record<DirectionLabel, number>;
  /** Price of the start bar when the forecast was made. */
  currentPrice: number;
  expectedReturn: number;
  threshold: number;
  /** The path's bands in prices; the point `steps` bars ahead is the one scored. */
  points: ReadonlyArray<{ lower80: number; upper80: number; lower95: number; upper95: number }>;
  components: Partial<Record<string, { expectedReturn: number; probabilities: number[] }>>;
}

export interface ModelScore {
  expectedReturn: number;
  hit: boolean;
  absError: number;
  brier: number;
}

export interface ForecastScore {
  startPrice: number;
  realizedPrice: number;
  /** Log return from the start bar's close to the target bar's close. */
  realizedReturn: number;
  expectedReturn: number;
  directionHit: boolean;
  predictedLabel: DirectionLabel;
  realizedLabel: DirectionLabel;
  labelHit: boolean;
  realizedClass: number;
  confidence: number;
  labelCorrect: boolean;
  brier: number;
  brierClimatology: number;
  absError: number;
  absErrorRandomWalk: number;
  in80: boolean;
  in95: boolean;
  optionB: OptionBOutcome | null;
  models: Record<string, ModelScore>;
}

const up = (r: number) => r > 0;

/**
 * Scores a forecast given the start and target closes read now. Throws a RangeError for prices
 * that are not positive or a forecast without the point its horizon speaks about: the caller
 * records it as skipped rather than storing a score from bad numbers.
 */
export function scoreForecast(f: ForecastToScore, startPrice: number, realizedPrice: number): ForecastScore {
  if (!(startPrice > 0) || !(realizedPrice > 0)) throw new RangeError(`prices must be positive (start ${startPrice}, realised ${realizedPrice})`);
  if (!(f.currentPrice > 0)) throw new RangeError(`the forecast's price ${f.currentPrice} is not positive`);
  const steps = FORECAST_HORIZONS[f.horizon].steps;
  const point = f.points[steps - 1];
  if (!point) throw new RangeError(`the forecast has ${f.points.length} points, ${steps} needed`);
  const r = Math.log(realizedPrice / startPrice);
  const realizedClass = classOf(r, f.threshold);
  const oneHot = [0, 1, 2].map((c) => (c === realizedClass ? 1 : 0));
  const brierOf = (p: readonly number[]) => brierScore([p], [realizedClass]);
  const absErrorOf = (er: number) => Math.abs(Math.exp(er) - Math.exp(r));
  // Bands are relative to the price the forecast saw; scored in log space from the start bar.
  const inBand = (lo: number, hi: number) => Math.log(lo / f.currentPrice) <= r && r <= Math.log(hi / f.currentPrice);
  const intraday = INTRADAY_HORIZONS.includes(f.horizon);
  const seedThreshold = intraday ? INTRADAY_LABEL_THRESHOLD : DAILY_LABEL_THRESHOLD;
  const realizedLabel = classifyReturn(realizedPrice / startPrice - 1, seedThreshold);
  const probs = [f.probabilities.bearish, f.probabilities.neutral, f.probabilities.bullish];
  const naive = f.components.naive?.probabilities ?? oneHot.map(() => 1 / 3);
  const models: Record<string, ModelScore> = {};
  for (const m of MODELS as readonly ModelName[]) {
    const c = f.components[m];
    if (!c) continue;
    models[m] = { expectedReturn: c.expectedReturn, hit: up(c.expectedReturn) === up(r), absError: absErrorOf(c.expectedReturn), brier: brierOf(c.probabilities) };
  }
  const scale = startPrice / f.currentPrice;
  return {
    startPrice,
    realizedPrice,
    realizedReturn: r,
    expectedReturn: f.expectedReturn,
    directionHit: up(f.expectedReturn) === up(r),
    predictedLabel: f.label,
    realizedLabel,
    labelHit: f.label === realizedLabel,
    realizedClass,
    confidence: f.confidence,
    labelCorrect: labelIndex(f.label) === realizedClass,
    brier: brierOf(probs),
    brierClimatology: brierOf(naive),
    absError: absErrorOf(f.expectedReturn),
    absErrorRandomWalk: absErrorOf(0),
    in80: inBand(point.lower80, point.upper80),
    in95: inBand(point.lower95, point.upper95),
    optionB: intraday
      ? evaluateOptionB({
          low: point.lower80 * scale,
          mid: startPrice * Math.exp(f.expectedReturn),
          high: point.upper80 * scale,
          horizonDays: INTRADAY_HORIZON_DAYS[f.horizon] ?? 1,
          actual: realizedPrice,
          prior: startPrice,
        }).outcome
      : null,
    models,
  };
}
