import { evaluationsOf, listWatchlist, saveWeights } from '@marketfleet/db';
import { HORIZONS, SYMBOL_WEIGHTS, trainSymbolWeights } from '@marketfleet/ml';
import type { ForecastDeps } from '../deps';
import { weightsFor } from './reweight';

const DAY_MS = 86_400_000;

/**
 * Per-symbol weights from the layer-weight grid over each symbol's evaluations of the last year
 * (at most 500 per horizon). A symbol × horizon with too few evaluations keeps the horizon's.
 */
export async function trainSymbolWeightsAll(deps: ForecastDeps, symbols?: readonly string[]): Promise<{ trained: number; kept: string[] }> {
  const since = new Date(deps.now().getTime() - SYMBOL_WEIGHTS.lookbackDays * DAY_MS);
  const watchlist = (await listWatchlist(deps.db)).filter((s) => !symbols || symbols.includes(s.ticker));
  let trained = 0;
  const kept: string[] = [];
  for (const s of watchlist) {
    for (const horizon of HORIZONS) {
      const rows = await evaluationsOf(deps.db, { symbolId: s.id, horizon, since, limit: SYMBOL_WEIGHTS.maxEvaluations });
      const members = rows.map((r) => ({
        madeAt: r.madeAt,
        startPrice: r.startPrice,
        realizedPrice: r.realizedPrice,
        expectedReturns: Object.fromEntries(Object.entries(r.models).map(([m, v]) => [m, v.expectedReturn])),
      }));
      const decision = trainSymbolWeights(horizon, members, await weightsFor(deps, s.id, horizon));
      if (!decision.trained) {
        if (rows.length > 0) kept.push(`${s.ticker} ${horizon}: ${decision.reason}`);
        continue;
      }
      await saveWeights(deps.db, {
        horizon, symbolId: s.id, weights: decision.weights, method: 'layer-grid', inputs: { ...decision.diagnostics }, effectiveFrom: deps.now(),
      });
      trained++;
    }
  }
  return { trained, kept };
}
