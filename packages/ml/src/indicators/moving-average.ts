// The seed averages prices three different ways and each is kept apart: pandas' recursive ewm
// (ATRs, perf_idx, the indicator frame), the window-seeded EMA of the model features, and
// Wilder's smoothing (atr.ts, rsi.ts). Swapping one for another shifts every value downstream.

/** Simple moving average; NaN until `window` values exist (the seed's compute_sma). */
export function sma(values: readonly number[], window: number): number[] {
  return values.map((_, i) => {
    if (i < window - 1) return NaN;
    let total = 0;
    for (let j = i - window + 1; j <= i; j++) total += values[j]!;
    return total / window;
  });
}

/**
 * pandas `Series.ewm(span, adjust=False).mean()`. Seeded with the first non-NaN value, then
 * y = ((1 − α)·y + α·x) / ((1 − α) + α), α = 2/(span + 1). The division by a sum that is 1
 * only in exact arithmetic, and leaving y alone when x already equals it, are pandas' own
 * steps, kept so results agree to the last bit rather than to 1e-15. A NaN input keeps the
 * previous value while its weight still decays (pandas' ignore_na=False); a leading NaN, as in
 * `close.diff()`, just delays the seed.
 */
export function ema(values: readonly number[], span: number): number[] {
  // pandas derives α as 1/(1 + com), com = (span − 1)/2; for integer spans both forms round the
  // same real number, so they are the same double.
  const alpha = 2 / (span + 1);
  const out: number[] = [];
  let weighted = NaN;
  let oldWeight = 1;
  for (const x of values) {
    if (!Number.isNaN(weighted)) {
      oldWeight *= 1 - alpha;
      if (!Number.isNaN(x)) {
        if (weighted !== x) weighted = (oldWeight * weighted + alpha * x) / (oldWeight + alpha);
        oldWeight = 1;
      }
    } else if (!Number.isNaN(x)) {
      weighted = x;
    }
    out.push(weighted);
  }
  return out;
}

/**
 * The model features' EMA (§1.1 ema_12/ema_26): at each bar, restart from the first value of the
 * last `window` values and run α = 2/(window + 1) over that window only. NaN until `window`
 * values exist. Unlike `ema` it forgets everything before the window, so the two differ.
 */
export function windowEma(values: readonly number[], window: number): number[] {
  const alpha = 2 / (window + 1);
  return values.map((_, i) => {
    if (i < window - 1) return NaN;
    let e = values[i - window + 1]!;
    for (let j = i - window + 2; j <= i; j++) e = values[j]! * alpha + e * (1 - alpha);
    return e;
  });
}
