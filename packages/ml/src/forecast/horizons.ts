import type { Timeframe } from '@marketfleet/market';

/**
 * What each forecast horizon is made of. `steps` bars of `timeframe` ahead is what the label,
 * the probabilities and the skill are about; the path has one point per expected bar over
 * `pathSteps` (the intraday horizons also draw the next 8 or 12 bars, as the seed's paths did).
 */
export interface HorizonSpec {
  timeframe: Timeframe;
  steps: number;
  pathSteps: number;
  /** Bars of history a fit may use, most recent last (longer histories are cut). */
  trainBars: number;
  /** Fewer labelled training rows than this and no forecast is made. */
  minTrainRows: number;
  /** The walk-forward refits every this many bars (production refits at every run). */
  refitEvery: number;
}

export const FORECAST_HORIZONS = {
  '1D': { timeframe: 'd1', steps: 1, pathSteps: 1, trainBars: 756, minTrainRows: 200, refitEvery: 21 },
  '1W': { timeframe: 'd1', steps: 5, pathSteps: 5, trainBars: 756, minTrainRows: 200, refitEvery: 21 },
  '1M': { timeframe: 'd1', steps: 21, pathSteps: 21, trainBars: 756, minTrainRows: 200, refitEvery: 21 },
  '15m': { timeframe: 'm15', steps: 1, pathSteps: 8, trainBars: 1040, minTrainRows: 260, refitEvery: 26 },
  '1h': { timeframe: 'h1', steps: 1, pathSteps: 12, trainBars: 1050, minTrainRows: 210, refitEvery: 35 },
} as const satisfies Record<string, HorizonSpec>;

export type Horizon = keyof typeof FORECAST_HORIZONS;
export const HORIZONS = Object.keys(FORECAST_HORIZONS) as Horizon[];
export const DAILY_HORIZONS: readonly Horizon[] = ['1D', '1W', '1M'];
export const INTRADAY_HORIZONS: readonly Horizon[] = ['15m', '1h'];

export function isHorizon(x: unknown): x is Horizon {
  return typeof x === 'string' && x in FORECAST_HORIZONS;
}

/** The horizons forecast from a timeframe's bars. */
export function horizonsOf(timeframe: Timeframe): Horizon[] {
  return HORIZONS.filter((h) => FORECAST_HORIZONS[h].timeframe === timeframe);
}

/** The horizon a chart of this timeframe shows unless asked for another (none for h4 and w1). */
export const DEFAULT_CHART_HORIZON: Partial<Record<Timeframe, Horizon>> = { d1: '1W', m15: '15m', h1: '1h' };
