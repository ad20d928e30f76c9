// Point-forecast error metrics over paired arrays. Every function takes the evaluation points
// explicitly so that a model and its baseline are always scored on the same points.

function checkPaired(name: string, ...arrays: readonly (readonly number[])[]): number {
  const n = arrays[0]?.length ?? 0;
  if (n === 0) throw new RangeError(`${name}: no evaluation points`);
  for (const a of arrays) {
    if (a.length !== n) throw new RangeError(`${name}: arrays differ in length (${a.length} vs ${n})`);
  }
  return n;
}

/** Mean absolute error. */
export function mae(actual: readonly number[], predicted: readonly number[]): number {
  const n = checkPaired('mae', actual, predicted);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs((actual[i] as number) - (predicted[i] as number));
  return sum / n;
}

/** Root mean squared error. */
export function rmse(actual: readonly number[], predicted: readonly number[]): number {
  const n = checkPaired('rmse', actual, predicted);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = (actual[i] as number) - (predicted[i] as number);
    sum += e * e;
  }
  return Math.sqrt(sum / n);
}

/**
 * MASE against the random walk, defined here as the model's MAE divided by the MAE of the
 * no-change forecast on the *same* evaluation points: for point i the no-change forecast is
 * `origin[i]`, the last value known when the forecast was made (for a price forecast, the close
 * at forecast time; for a return forecast, 0 — pass zeros).
 *
 * This is not Hyndman's in-sample scaling (mean one-step naive error over the training series):
 * comparing against the naive forecast over the same horizon and the same points keeps the ratio
 * meaningful for multi-step horizons and for forecasts issued at irregular times. Below 1 the
 * model beats "no change"; above 1 it loses to it. A naive MAE of 0 gives Infinity (or NaN when
 * the model is also perfect), since no relative skill can be stated.
 */
export function mase(actual: readonly number[], predicted: readonly number[], origin: readonly number[]): number {
  checkPaired('mase', actual, predicted, origin);
  return mae(actual, predicted) / mae(actual, origin);
}
