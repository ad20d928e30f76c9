// Forecasting and ranking math: pure functions over numbers and bars, no I/O. The deterministic
// parts port the seed's Python exactly (seed-ml.md §7.1) and are pinned by golden vectors.
export { closesOf, lastOf, type Ohlc } from './series';

export { ema, sma, windowEma } from './indicators/moving-average';
export { sumRsi, wilderRsi } from './indicators/rsi';
export { trueRange } from './indicators/true-range';
export { emaAtr, frameAtr14, superTrendAtr, synthesizerAtr, wilderAtr } from './indicators/atr';
export { percentile } from './indicators/percentile';

export { kmeans1d, type KMeansResult } from './supertrend/kmeans';
export { superTrend, superTrendPerformance, type SuperTrendLine, type Trend } from './supertrend/bands';
export { chooseFactor, SUPERTREND_FACTORS, type FactorChoice } from './supertrend/factor';
export { superTrendAi, type FlipSignal, type SuperTrendAiResult } from './supertrend/supertrend-ai';

export { findPivots, type Pivot } from './levels/pivots';
export { pivotLevels, PIVOT_PERIODS, type PivotLevel, type PivotLevelsResult, type PivotStatus } from './levels/pivot-levels';
export {
  polynomialSr,
  type PolynomialLevel,
  type PolynomialSignal,
  type PolynomialSrResult,
} from './levels/polynomial-sr';
export { predictLevel, type LevelFeatures, type Sign } from './levels/logistic-model';
export { logisticSr, type LogisticLevel, type LogisticSrResult } from './levels/logistic-sr';
export { classicPivots, type ClassicPivots } from './levels/classic-pivots';
