import { raiseAlerts, resolveAlertsOfKind, type AlertInput } from '@marketfleet/db';
import { ENSEMBLE, HORIZONS, SKILL_COLLAPSE, skillCollapse } from '@marketfleet/ml';
import type { ForecastDeps } from '../deps';
import { sessionsBackDays, windowSums } from './window';

export const SKILL_ALERT_KIND = 'skill-collapse';

/**
 * One alert per horizon whose live forecasts over the last 30 sessions are worse than the base
 * rate or whose bands miss their level by more than 10 points (`skillCollapse`, the rule the api's
 * gauges apply too); resolved when the window recovers.
 */
export async function checkSkill(deps: ForecastDeps): Promise<string[]> {
  const sums = await windowSums(deps.db, deps.now(), sessionsBackDays(deps, SKILL_COLLAPSE.windowSessions));
  const alerts: AlertInput[] = [];
  for (const horizon of HORIZONS) {
    const ensemble = sums.get(horizon)?.get(ENSEMBLE);
    if (!ensemble) continue;
    const check = skillCollapse(ensemble);
    if (!check.collapsed) continue;
    alerts.push({
      key: `${SKILL_ALERT_KIND}:${horizon}`, kind: SKILL_ALERT_KIND, severity: 'warning',
      message: `${horizon} forecasts over the last ${SKILL_COLLAPSE.windowSessions} sessions (${check.n}): ${check.reasons.join('; ')}`,
      detail: { horizon, n: check.n, reasons: check.reasons },
    });
  }
  await raiseAlerts(deps.db, alerts);
  await resolveAlertsOfKind(deps.db, SKILL_ALERT_KIND, alerts.map((a) => a.key));
  return alerts.map((a) => a.message);
}
