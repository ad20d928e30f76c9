import type { Ohlc } from '../series';
import { calibratorOf, type Calibration } from './calibration';
import { fitComponents, recentVolatility } from './components';
import { complete, features } from './features';
import { FORECAST_HORIZONS, type Horizon } from './horizons';
import { checkWeights, EQUAL_WEIGHTS, predict, type ModelWeights, type Prediction } from './predict';

export interface ForecastRequest {
  horizon: Horizon;
  /** Split-adjusted bars of the horizon's timeframe, oldest first; the last one is the latest. */
  bars: readonly Ohlc[];
  /** Feature rows for these bars, when the caller shares them between horizons. */
  rows?: readonly (readonly number[])[];
  /** Per-model weights from evaluation history; equal when absent. */
  weights?: Partial<Record<string, number>> | null;
  calibration?: Calibration | null;
}

export interface Forecast extends Prediction {
  horizon: Horizon;
  currentPrice: number;
  weights: ModelWeights;
  /** The class boundary (log return over the horizon) the labels use. */
  threshold: number;
  trainingRows: number;
  /** Bar indices of the first and last training rows. */
  trainingWindow: { from: number; to: number };
}

export type ForecastOutcome = { ok: true; forecast: Forecast } | { ok: false; reason: string };

/**
 * The production forecast: models fitted on the bars up to the latest, features of the latest
 * bar itself (the seed predicted from the row `steps` bars before it), weights and calibration
 * as stored. A series too short to train on is a reason, not a forecast.
 */
export function forecastLatest(req: ForecastRequest): ForecastOutcome {
  const spec = FORECAST_HORIZONS[req.horizon];
  const { bars } = req;
  const weights = req.weights ? checkWeights(req.weights) : EQUAL_WEIGHTS;
  if (bars.length < spec.minTrainRows + spec.steps) {
    return { ok: false, reason: `too few bars: ${bars.length} ${spec.timeframe} bars, at least ${spec.minTrainRows + spec.steps} needed` };
  }
  const rows = req.rows ?? features(bars);
  const end = bars.length - 1;
  const latest = rows[end]!;
  if (!complete(latest)) return { ok: false, reason: 'the latest bar has too little history for its features' };
  const logCloses = bars.map((b) => Math.log(b.close));
  const fitted = fitComponents(rows, logCloses, end, spec);
  if (fitted === null) return { ok: false, reason: `too few complete training rows (at least ${spec.minTrainRows} needed) or a flat series` };
  const calibration = req.calibration ? { calibrator: calibratorOf(req.calibration), stored: req.calibration } : null;
  const price = bars[end]!.close;
  return {
    ok: true,
    forecast: {
      ...predict(fitted, latest, price, spec, weights, calibration, recentVolatility(logCloses, end, fitted.sigma / 4)),
      horizon: req.horizon,
      currentPrice: price,
      weights,
      threshold: fitted.threshold,
      trainingRows: fitted.trainingRows,
      trainingWindow: fitted.window,
    },
  };
}
