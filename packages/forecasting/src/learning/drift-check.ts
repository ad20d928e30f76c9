import { listWatchlist, raiseAlerts, resolveAlertsOfKind, saveDrift, type AlertInput } from '@marketfleet/db';
import { DRIFT, driftReport, FEATURE_NAMES, features, FORECAST_HORIZONS, horizonsOf } from '@marketfleet/ml';
import type { Timeframe } from '@marketfleet/market';
import type { ForecastDeps } from '../deps';
import { FEATURE_WARMUP, loadSeries } from '../series';

export const DRIFT_ALERT_KIND = 'drift';
const TIMEFRAMES: readonly Timeframe[] = ['d1', 'm15', 'h1'];

/**
 * Compares each series' features (the one-bar return among them) over the recent window with the training
 * window before it, stores the check, and keeps one alert per drifted series (resolved when the
 * series no longer drifts). Always the whole watchlist: an alert of a series not checked resolves.
 */
export async function checkDrift(deps: ForecastDeps): Promise<{ checked: number; drifted: string[] }> {
  const alerts: AlertInput[] = [];
  let checked = 0;
  for (const s of await listWatchlist(deps.db)) {
    for (const tf of TIMEFRAMES) {
      const trainBars = Math.max(...horizonsOf(tf).map((h) => FORECAST_HORIZONS[h].trainBars));
      const series = await loadSeries(deps.db, s.ticker, tf, { count: trainBars + FEATURE_WARMUP });
      if (!series || series.bars.length < FEATURE_WARMUP + DRIFT.minReferenceBars + DRIFT.recentBars) continue;
      // The features include the one-bar return (return_1): the return distribution is tested with them.
      const usable = features(series.bars).slice(FEATURE_WARMUP);
      const report = driftReport(FEATURE_NAMES, usable.slice(0, -DRIFT.recentBars), usable.slice(-DRIFT.recentBars));
      await saveDrift(deps.db, {
        symbolId: s.id, timeframe: tf, checkedAt: deps.now(), severity: report.severity, drifted: report.drifted, tests: report.tests,
        referenceBars: usable.length - DRIFT.recentBars, recentBars: DRIFT.recentBars,
      });
      checked++;
      if (!report.drifted) continue;
      const which = report.tests.filter((t) => t.drifted).map((t) => `${t.name} (D ${t.d.toFixed(2)}, PSI ${t.psi.toFixed(2)})`);
      alerts.push({
        key: `${DRIFT_ALERT_KIND}:${s.ticker}:${tf}`, kind: DRIFT_ALERT_KIND, severity: report.severity === 'high' ? 'critical' : 'warning',
        message: `${s.ticker} ${tf}: the last ${DRIFT.recentBars} bars drifted from the training window in ${which.join(', ')}`,
        detail: { symbol: s.ticker, timeframe: tf, severity: report.severity, features: which },
      });
    }
  }
  await raiseAlerts(deps.db, alerts);
  await resolveAlertsOfKind(deps.db, DRIFT_ALERT_KIND, alerts.map((a) => a.key));
  return { checked, drifted: alerts.map((a) => a.key) };
}
