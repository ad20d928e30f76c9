import { currentWeights, saveWeights } from '@marketfleet/db';
import { checkWeights, HORIZONS, LIVE_WEIGHTS, nextLiveWeights, type ModelWeights } from '@marketfleet/ml';
import type { ForecastDeps } from '../deps';
import { windowSums } from './window';

/** A stored row as the ensemble's weights, or null when it is not a valid set for today's members. */
export function validWeights(weights: Record<string, number> | undefined): ModelWeights | null {
  if (!weights) return null;
  try {
    return checkWeights(weights);
  } catch {
    return null;
  }
}

/**
 * Moves each horizon's weights toward the members that have been right over the window (the
 * rule in `nextLiveWeights`), keeping each change with its inputs. Returns a line per horizon.
 */
export async function reweightFromEvidence(deps: ForecastDeps): Promise<string[]> {
  const sums = await windowSums(deps.db, deps.now(), LIVE_WEIGHTS.windowDays);
  const lines: string[] = [];
  for (const horizon of HORIZONS) {
    const previous = validWeights((await currentWeights(deps.db, horizon, null))?.weights);
    const decision = nextLiveWeights(previous, Object.fromEntries(sums.get(horizon) ?? []));
    if (!decision.changed) {
      lines.push(`${horizon}: kept (${decision.reason})`);
      continue;
    }
    await saveWeights(deps.db, { horizon, symbolId: null, weights: decision.weights, method: 'live-evidence', inputs: { ...decision.inputs }, effectiveFrom: deps.now() });
    lines.push(`${horizon}: ${Object.entries(decision.weights).map(([m, w]) => `${m} ${w}`).join(', ')}`);
  }
  return lines;
}

/** The weights a forecast uses now: the symbol's own, else the horizon's, else equal (null). */
export async function weightsFor(deps: Pick<ForecastDeps, 'db'>, symbolId: number, horizon: string): Promise<ModelWeights | null> {
  return validWeights((await currentWeights(deps.db, horizon, symbolId))?.weights) ?? validWeights((await currentWeights(deps.db, horizon, null))?.weights);
}
