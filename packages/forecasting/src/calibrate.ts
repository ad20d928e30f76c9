import { saveCalibration } from '@marketfleet/db';
import { FORECAST_HORIZONS, MODEL_VERSION, type Horizon } from '@marketfleet/ml';
import type { ForecastDeps } from './deps';
import { calibrationSeconds } from './metrics';
import { loadSeries } from './series';
import type { WalkForwardTaskOutput } from './tasks';

/**
 * Refits a symbol × horizon's calibration from a walk-forward over all its stored bars, and
 * keeps the skill that walk-forward measured with it. Returns what it did, for the job's detail.
 */
export async function calibrateSeries(deps: ForecastDeps, symbol: string, horizon: Horizon): Promise<string> {
  const stop = calibrationSeconds.startTimer({ horizon });
  try {
    const series = await loadSeries(deps.db, symbol, FORECAST_HORIZONS[horizon].timeframe);
    if (!series) return `${symbol} ${horizon}: unknown symbol`;
    const r = await deps.pool.run<WalkForwardTaskOutput>('walkForward', { horizon, bars: series.bars });
    if (r.firstIndex === null || r.lastIndex === null || r.summary === null) return `${symbol} ${horizon}: too little history to evaluate`;
    await saveCalibration(deps.db, {
      symbolId: series.symbolId, horizon, modelVersion: MODEL_VERSION,
      fromTs: series.ts[r.firstIndex]!, toTs: series.ts[r.lastIndex]!, samples: r.summary.n,
      calibration: r.calibration, summary: r.summary as unknown as Record<string, unknown>,
    });
    return `${symbol} ${horizon}: ${r.summary.n} forecasts, hit ${(r.summary.hitRate.p * 100).toFixed(1)} %, ${r.summary.verdict}`;
  } finally {
    stop();
  }
}
