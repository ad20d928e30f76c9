// Per-symbol weights from the seed's layer-weight grid (§2.4), over the ensemble's members: each
// candidate on a 0.05 simplex grid is scored by its mean absolute price error on evaluations
// that have enough earlier evaluations outside an embargo, and the best wins. The embargo is at
// least the horizon's span, so no scored evaluation overlaps the outcomes that admit it.

import { fitLayerWeights, type LayerWeightDiagnostics } from '../evaluation/layer-weights';
import { MODELS, type ModelName } from '../forecast/components';
import { FORECAST_HORIZONS, type Horizon } from '../forecast/horizons';
import { checkWeights, EQUAL_WEIGHTS, type ModelWeights } from '../forecast/predict';
import { normalised } from './live-weights';

export const SYMBOL_WEIGHTS = { minEvaluations: 30, lookbackDays: 365, maxEvaluations: 500, gridStep: 0.05 } as const;

export interface EvaluatedMembers {
  madeAt: Date;
  startPrice: number;
  realizedPrice: number;
  /** Each member's expected log return. */
  expectedReturns: Partial<Record<string, number>>;
}

export type SymbolWeightDecision =
  | { trained: true; weights: ModelWeights; diagnostics: LayerWeightDiagnostics }
  | { trained: false; reason: string };

/** Calendar days a horizon spans (sessions × 7/5, rounded up), at least the seed's 5. */
export function embargoDays(horizon: Horizon): number {
  const spec = FORECAST_HORIZONS[horizon];
  return spec.timeframe === 'd1' ? Math.max(5, Math.ceil((spec.steps * 7) / 5)) : 1;
}

export function trainSymbolWeights(horizon: Horizon, evaluations: readonly EvaluatedMembers[], previous: ModelWeights | null): SymbolWeightDecision {
  const rows = evaluations
    .filter((e) => MODELS.every((m) => Number.isFinite(e.expectedReturns[m])))
    .map((e) => ({
      forecastMs: e.madeAt.getTime(),
      components: MODELS.map((m: ModelName) => e.startPrice * Math.exp(e.expectedReturns[m]!)),
      realized: e.realizedPrice,
    }));
  if (rows.length < SYMBOL_WEIGHTS.minEvaluations) return { trained: false, reason: `${rows.length} evaluations, ${SYMBOL_WEIGHTS.minEvaluations} needed` };
  const fit = fitLayerWeights(rows, {
    defaults: MODELS.map((m) => (previous ?? EQUAL_WEIGHTS)[m]),
    minSamples: SYMBOL_WEIGHTS.minEvaluations,
    embargoDays: embargoDays(horizon),
    step: SYMBOL_WEIGHTS.gridStep,
  });
  if (fit.diagnostics.method !== 'walk_forward_grid') return { trained: false, reason: 'too few evaluations outside the embargo for the grid' };
  const w = normalised(fit.weights);
  return { trained: true, weights: checkWeights(Object.fromEntries(MODELS.map((m, i) => [m, w[i]!]))), diagnostics: fit.diagnostics };
}
