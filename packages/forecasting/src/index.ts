// Forecasting use cases, shared by worker-ml and the CLI: reading a series for its horizons,
// the preflight, fitting in worker threads, storing forecasts, calibrating and evaluating.
export { calibrateSeries } from './calibrate';
export type { ForecastDeps } from './deps';
export { evaluateSeries, EvaluationInputError, missingBars, type EvaluationRequest, type HorizonEvaluation } from './evaluate';
export { mlHandlers } from './handlers';
export { nextBarStarts } from './points';
export { preflight } from './preflight';
export { byTimeframe, forecastSeries, type SeriesOutcome } from './run-forecasts';
export { barsNeeded, loadSeries, type Series } from './series';
export { startMlWorker, type MlWorkerOptions } from './start';
export { FIT_TASKS, forecastTask, walkForwardTask, type ForecastTaskInput, type ForecastTaskOutput, type WalkForwardTaskInput, type WalkForwardTaskOutput } from './tasks';
export { rankChain, sessionsBack, MOMENTUM_SESSIONS_BACK, RANKS_PER_RUN, type RankOutcome, type RankRequest } from './options/rank-chain';
export { updateIvStats } from './options/iv-stats';
