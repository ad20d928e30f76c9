import { DAILY_HORIZONS, INTRADAY_HORIZONS, type Horizon } from '@marketfleet/ml';
import { z } from 'zod';
import { defineJob, jobIdFrom } from '../define-job';
import { QueueName } from '../queues';
import { OPTIONS_ML_JOBS } from './options';
import { Ticker } from './schemas';

const KEEP = { removeOnComplete: { age: 24 * 3600, count: 2000 }, removeOnFail: { age: 7 * 24 * 3600 } };
const horizonsOf = (allowed: readonly Horizon[]) => z.array(z.enum(allowed as [Horizon, ...Horizon[]])).min(1);
const symbolsKey = (symbols?: readonly string[]) => (symbols ? [...symbols].sort().join('.') : 'watchlist');
// Forecasts read bars; they must not make the chart say `updating` nor grade a series' fetches.
const READS_ONLY = () => ({ symbols: [], timeframes: [] });

/**
 * Daily forecasts (1D, 1W, 1M) from split-adjusted d1 bars, for some symbols or the watchlist.
 * Queued once a session's d1 bars are stored (after `bars-daily`, or a backfill of d1 bars).
 */
export const forecastDaily = defineJob({
  queue: QueueName.Ml,
  name: 'forecast-daily',
  payload: z.object({ symbols: z.array(Ticker).min(1).max(500).optional(), horizons: horizonsOf(DAILY_HORIZONS).optional() }),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...KEEP },
  jobId: (p) => jobIdFrom('forecast-daily', symbolsKey(p.symbols), p.horizons?.join('.') ?? 'all'),
  scope: READS_ONLY,
});

/** Intraday forecasts (15m from m15, 1h from h1), queued after each intraday bar update while the session is open. */
export const forecastIntraday = defineJob({
  queue: QueueName.Ml,
  name: 'forecast-intraday',
  payload: z.object({ symbols: z.array(Ticker).min(1).max(500).optional(), horizons: horizonsOf(INTRADAY_HORIZONS).optional() }),
  options: { attempts: 2, backoff: { type: 'exponential', delay: 5_000 }, ...KEEP },
  jobId: (p) => jobIdFrom('forecast-intraday', symbolsKey(p.symbols), p.horizons?.join('.') ?? 'all'),
  scope: READS_ONLY,
});

/**
 * A walk-forward over each symbol's stored history per horizon: the calibration forecasts apply
 * (probabilities, conformal bands) and the skill measured out of sample. Nightly, and for a symbol
 * a forecast found without one.
 */
export const forecastCalibration = defineJob({
  queue: QueueName.Ml,
  name: 'forecast-calibration',
  payload: z.object({
    symbols: z.array(Ticker).min(1).max(500).optional(),
    horizons: horizonsOf([...DAILY_HORIZONS, ...INTRADAY_HORIZONS]).optional(),
  }),
  options: { attempts: 2, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP },
  jobId: (p) => jobIdFrom('forecast-calibration', symbolsKey(p.symbols), p.horizons?.join('.') ?? 'all'),
  scope: READS_ONLY,
});

/** Jobs of the ml queue. */
export const ML_JOBS = [forecastDaily, forecastIntraday, forecastCalibration, ...OPTIONS_ML_JOBS] as const;
