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

// statistics, models and evaluation
export { wilson, type ProportionInterval } from './stats/wilson';
export { mae, mase, rmse } from './stats/point-errors';
export { quantileLinear, quantileSortedLinear } from './stats/quantiles';
export {
  binaryBrierScore,
  binaryBrierSkillScore,
  brierScore,
  brierSkillScore,
  classFrequencies,
} from './stats/brier';
export { reliabilityTable, type ReliabilityBin, type ReliabilityTable } from './stats/reliability';
export { fitIsotonic, isotonicFromKnots, type IsotonicModel, type IsotonicPredictMode } from './stats/isotonic';
export { classCalibratorOf, fitClassCalibrator, type ClassCalibrator, type ClassCalibratorOptions } from './stats/class-calibrator';
export {
  absLogResidual,
  coldStartHalfWidth,
  conformalQuantile,
  logBand,
  normalQuantile,
  type ConformalQuantile,
  type PriceBand,
} from './stats/conformal';
export {
  driftSeverity,
  kolmogorovSurvival,
  ksDrift,
  ksStatistic,
  ksTwoSample,
  type DriftSeverity,
  type KsDriftOptions,
  type KsDriftResult,
  type KsResult,
} from './stats/kolmogorov-smirnov';
export { populationStabilityIndex, psiLevel, type PsiBin, type PsiLevel, type PsiOptions, type PsiResult } from './stats/psi';
export { fitRobustScaler, type RobustScaler } from './models/robust-scaler';
export {
  fitSoftmaxRegression,
  type SoftmaxRegression,
  type SoftmaxRegressionOptions,
} from './models/softmax-regression';
export {
  driftForecaster,
  naiveForecaster,
  type DriftForecaster,
  type ReturnForecaster,
  type ReturnModelKind,
} from './models/baselines';
export { fitAr1, type Ar1Model, type Ar1Options } from './models/ar1';
export {
  combineForecasts,
  normaliseWeights,
  type EnsembleForecast,
  type ModelForecast,
} from './models/ensemble';
export {
  DAILY_LABEL_THRESHOLD,
  DIRECTION_LABELS,
  INTRADAY_LABEL_THRESHOLD,
  binaryDirection,
  classifyReturn,
  evaluateDaily,
  evaluateIntraday,
  labelIndex,
  realizedReturn,
  srContainment,
  type DailyForecastOutcome,
  type DirectionLabel,
  type IntradayForecastOutcome,
  type PointEvaluation,
} from './evaluation/labels';
export {
  INTRADAY_HORIZON_DAYS,
  evaluateOptionB,
  optionBTolerance,
  summariseOptionB,
  type OptionBEvaluation,
  type OptionBInput,
  type OptionBOutcome,
  type OptionBSummary,
} from './evaluation/option-b';
export {
  edgeMetrics,
  gradeLetter,
  gradePoints,
  validatorGrade,
  type EdgeMetrics,
  type Grade,
  type GradePoints,
  type ValidatorGrade,
  type ValidatorMetrics,
} from './evaluation/validator-grade';
export {
  accuracyShares,
  roundHalfAwayFromZero,
  updateModelWeights,
  type WeightUpdate,
  type WeightUpdateInput,
  type WeightUpdateOptions,
} from './evaluation/weight-update';
export {
  fitLayerWeights,
  simplexGrid,
  type LayerWeightDiagnostics,
  type LayerWeightFit,
  type LayerWeightMethod,
  type LayerWeightOptions,
  type LayerWeightRow,
} from './evaluation/layer-weights';

// options ranking
export { rankEntry, type EntryContext, type EntryRanking } from './options/rank-entry';
export {
  compositeScore,
  entryDifficulty,
  greeksScore,
  ivRank,
  liquidityConfidence,
  momentumScore,
  relativeValue,
  smoothMomentum,
  stabilityScore,
  trendAlignment,
  valueScore,
  volumeProxyMomentum,
} from './options/entry-scores';
export { entrySignals } from './options/signals';
export { markOf } from './options/quote';
export { ivCurveFlags, ivJumpThreshold } from './options/iv-curve';
export { atmIvStats, ivStatsAgeSessions, type AtmIvPoint } from './options/iv-stats';
export { atmIvOf, type AtmIv } from './options/atm-iv';
export { trendFromCloses } from './options/trend';
export { selectTopByDte, SEED_DTE_QUOTAS, type DteQuota, type SelectOptions } from './options/select-top';
export { applyForecastTilt, forecastTiltFor, type TiltOptions, type UnderlyingForecast } from './options/forecast-tilt';
export type {
  ChainContract,
  ContractQuote,
  EntryScore,
  EntrySignal,
  ImputedField,
  IvStats,
  PreviousScore,
  SkipReason,
  PriceTrend,
} from './options/types';

// forecasts
export {
  DAILY_HORIZONS,
  DEFAULT_CHART_HORIZON,
  FORECAST_HORIZONS,
  HORIZONS,
  INTRADAY_HORIZONS,
  horizonsOf,
  isHorizon,
  type Horizon,
  type HorizonSpec,
} from './forecast/horizons';
export { FEATURE_NAMES, features } from './forecast/features';
export { MODEL_VERSION, MODELS, type ModelName } from './forecast/components';
export { checkWeights, EQUAL_WEIGHTS, type ModelWeights, type PathPoint, type Prediction } from './forecast/predict';
export { fitCalibration, MIN_CALIBRATION_SAMPLES, type Calibration } from './forecast/calibration';
export { forecastLatest, type Forecast, type ForecastOutcome, type ForecastRequest } from './forecast/forecast-latest';
export { walkForward, type WalkForwardOptions, type WalkForwardRecord, type WalkForwardResult } from './forecast/walk-forward';
export { summarise, type EvaluationSummary } from './forecast/summary';

// the learning loop: live evaluation, performance sums, weights, drift
export { scoreForecast, type ForecastScore, type ForecastToScore, type ModelScore } from './learning/score';
export {
  addSums,
  emptySums,
  ENSEMBLE,
  MIN_VERDICT_SAMPLES,
  performanceRows,
  summariseSums,
  type PerformanceRow,
  type PerformanceSummary,
  type PerformanceSums,
  type ScoredForecast,
  type ScoreFields,
} from './learning/performance';
export { LIVE_WEIGHTS, nextLiveWeights, type LiveWeightDecision, type LiveWeightInputs } from './learning/live-weights';
export { embargoDays, SYMBOL_WEIGHTS, trainSymbolWeights, type EvaluatedMembers, type SymbolWeightDecision } from './learning/symbol-weights';
export { SKILL_COLLAPSE, skillCollapse, type SkillCheck } from './learning/skill';
export { DRIFT, driftReport, type DriftReport, type DriftTest } from './learning/drift';
