import { forecastDaily, forecastIntraday } from '@marketfleet/jobs';
import type { Timeframe } from '@marketfleet/market';
import type { IngestDeps } from '../deps';

/**
 * New bars are what forecasts are made from: once some are written, the forecasts of those
 * symbols are queued (d1 bars: the daily horizons; m15 or h1: the intraday ones). Ids are
 * deterministic, so a burst of chunks queues one job. Failing to queue is logged, not thrown:
 * the bars are stored, and the next update queues the forecast again.
 */
export async function queueForecasts(deps: IngestDeps, symbols: readonly string[] | undefined, timeframes: readonly Timeframe[], barsWritten: number) {
  if (barsWritten === 0) return;
  const payload = symbols ? { symbols: [...symbols] } : {};
  try {
    if (timeframes.includes('d1')) await deps.producer.enqueue(forecastDaily, payload, { triggeredBy: 'bars' });
    if (timeframes.includes('m15') || timeframes.includes('h1')) await deps.producer.enqueue(forecastIntraday, payload, { triggeredBy: 'bars' });
  } catch (err) {
    deps.logger.warn({ err }, 'queueing forecasts after new bars failed; the next bar update queues them again');
  }
}
