// The online logistic model of §5.3 (the seed's port of Flux Charts' Pine script), kept with its
// quirks because they decide which levels are shown: the bias never learns, and the "loss" is
// the Pine formula with y ∈ {−1, +1}, which is not a cross-entropy for y = −1.

export type Sign = 1 | -1;

export interface LevelFeatures {
  rsiSign: Sign;
  bodySign: Sign;
  timesRespected: number;
}

const LEARNING_RATE = 0.008;
/** A level counts as respected (y = +1) from this many respects on. */
export const TARGET_RESPECTS = 3;

function sigmoid(bias: number, wRsi: number, wBody: number, x: Pick<LevelFeatures, 'rsiSign' | 'bodySign'>): number {
  // The seed clips the exponent to ±500; with weights near 1 it never gets close.
  const z = Math.max(-500, Math.min(500, -(bias + wRsi * x.rsiSign + wBody * x.bodySign)));
  return 1 / (1 + Math.exp(z));
}

function pineLoss(y: number, p: number): number {
  const q = Math.max(Math.min(p, 0.9999), 0.0001);
  return -y * Math.log(q) - (1 - y) * Math.log(1 - q);
}

/**
 * Trains from fresh weights (bias = w_rsi = w_body = 1) over `history` in order, one step per
 * level: y = +1 if the level has ≥ 3 respects, else −1, and w −= 0.008·(p + loss)·x for the two
 * feature weights. After each step the model re-predicts the candidate; the last prediction is
 * returned (0 for an empty history). The seed passes every level on the candidate's side,
 * broken ones and the candidate itself included.
 */
export function predictLevel(history: readonly LevelFeatures[], candidate: Pick<LevelFeatures, 'rsiSign' | 'bodySign'>): number {
  const bias = 1;
  let wRsi = 1;
  let wBody = 1;
  let prediction = 0;
  for (const level of history) {
    const y = level.timesRespected >= TARGET_RESPECTS ? 1 : -1;
    const p = sigmoid(bias, wRsi, wBody, level);
    const step = LEARNING_RATE * (p + pineLoss(y, p));
    wRsi -= step * level.rsiSign;
    wBody -= step * level.bodySign;
    prediction = sigmoid(bias, wRsi, wBody, candidate);
  }
  return prediction;
}
