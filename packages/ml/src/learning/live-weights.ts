// The ensemble's weights per horizon, moved toward the members that have been right lately:
// the seed's rule (new = 0.7·old + 0.3·share, share = a member's 30-day hit rate over the sum of
// hit rates, at least 20 evaluations), generalised to N members and normalised so the weights
// sum to exactly 1 after rounding.

import { updateModelWeights } from '../evaluation/weight-update';
import { MODELS, type ModelName } from '../forecast/components';
import { checkWeights, EQUAL_WEIGHTS, type ModelWeights } from '../forecast/predict';
import type { PerformanceSums } from './performance';

export const LIVE_WEIGHTS = { windowDays: 30, minSamples: 20, smoothing: 0.3 } as const;

export interface LiveWeightInputs {
  windowDays: number;
  samples: number;
  hitRates: Record<string, number>;
  shares: Record<string, number> | null;
  previous: ModelWeights;
  smoothing: number;
}

export type LiveWeightDecision =
  | { changed: true; weights: ModelWeights; inputs: LiveWeightInputs }
  | { changed: false; reason: string; inputs: LiveWeightInputs };

/** Rounds to 3 decimals and puts the rounding remainder on the largest weight, so the sum is 1. */
export function normalised(ws: readonly number[]): number[] {
  const rounded = ws.map((w) => Math.round((w / ws.reduce((a, b) => a + b, 0)) * 1000) / 1000);
  const rest = Math.round((1 - rounded.reduce((a, b) => a + b, 0)) * 1000) / 1000;
  const top = rounded.indexOf(Math.max(...rounded));
  rounded[top] = Math.round((rounded[top]! + rest) * 1000) / 1000;
  return rounded;
}

/**
 * The next weights from the members' sums over the window (every member must have the same
 * evaluations, which it does: each evaluation scores them all). Unchanged, with the reason,
 * when there are too few samples or no member was ever right.
 */
export function nextLiveWeights(previous: ModelWeights | null, window: Partial<Record<string, PerformanceSums>>): LiveWeightDecision {
  const old = previous ?? EQUAL_WEIGHTS;
  const samples = Math.min(...MODELS.map((m) => window[m]?.n ?? 0));
  const hitRates = Object.fromEntries(MODELS.map((m) => [m, samples > 0 ? window[m]!.hits / window[m]!.n : 0])) as Record<ModelName, number>;
  const update = updateModelWeights(
    { oldWeights: MODELS.map((m) => old[m]), accuracies: MODELS.map((m) => hitRates[m]), samples },
    { smoothing: LIVE_WEIGHTS.smoothing, minSamples: LIVE_WEIGHTS.minSamples },
  );
  const inputs: LiveWeightInputs = {
    windowDays: LIVE_WEIGHTS.windowDays, samples, hitRates, previous: old, smoothing: LIVE_WEIGHTS.smoothing,
    shares: update.shares ? Object.fromEntries(MODELS.map((m, i) => [m, update.shares![i]!])) : null,
  };
  if (!update.updated) return { changed: false, reason: update.reason === 'zero_accuracy' ? 'no member was ever right' : `${samples} evaluations, ${LIVE_WEIGHTS.minSamples} needed`, inputs };
  const next = normalised(update.newWeights);
  const weights = checkWeights(Object.fromEntries(MODELS.map((m, i) => [m, next[i]!])));
  if (MODELS.every((m) => weights[m] === old[m])) return { changed: false, reason: 'the weights did not move', inputs };
  return { changed: true, weights, inputs };
}

