// Two RSIs, because the seed has two: the model features' sum ratio and the logistic S/R
// indicator's Wilder smoothing. They disagree on the same closes and must not be swapped.

/**
 * §1.1 rsi_14: sum of gains over sum of losses across the last `window` differences. 100 when
 * there are gains and no losses, 0 when the window is flat; NaN until `window` differences exist.
 */
export function sumRsi(closes: readonly number[], window = 14): number[] {
  return closes.map((_, i) => {
    if (i < window) return NaN;
    let gains = 0;
    let losses = 0;
    for (let j = i - window + 1; j <= i; j++) {
      const change = closes[j]! - closes[j - 1]!;
      gains += Math.max(change, 0);
      losses += Math.max(-change, 0);
    }
    if (losses === 0) return gains > 0 ? 100 : 0;
    return 100 - 100 / (1 + gains / losses);
  });
}

/**
 * Wilder RSI exactly as the seed's logistic S/R computes it, which is not the textbook one:
 * - the first averages are (sum of changes 1…period)/period, and the smoothing step is then
 *   applied at index `period` too, so change `period` is counted twice;
 * - a zero average loss sets RS = 100, i.e. RSI = 100 − 100/101 ≈ 99.01, not 100.
 * NaN before index `period` (the seed stores 50 there; both read as "not above 50").
 */
export function wilderRsi(closes: readonly number[], period = 14): number[] {
  const out = closes.map(() => NaN);
  if (closes.length <= period) return out;
  const gain = (i: number): number => (i === 0 ? 0 : Math.max(closes[i]! - closes[i - 1]!, 0));
  const loss = (i: number): number => (i === 0 ? 0 : Math.max(closes[i - 1]! - closes[i]!, 0));
  let sumGain = 0;
  let sumLoss = 0;
  for (let i = 0; i <= period; i++) {
    sumGain += gain(i);
    sumLoss += loss(i);
  }
  let avgGain = sumGain / period;
  let avgLoss = sumLoss / period;
  for (let i = period; i < closes.length; i++) {
    avgGain = (avgGain * (period - 1) + gain(i)) / period;
    avgLoss = (avgLoss * (period - 1) + loss(i)) / period;
    const rs = avgLoss === 0 ? 100 : avgGain / avgLoss;
    out[i] = 100 - 100 / (1 + rs);
  }
  return out;
}
