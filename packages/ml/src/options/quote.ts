// Reading optional provider numbers: one place decides what counts as missing, so the scoring
// code never sees NaN and never has to re-check.

import { type ContractQuote } from './types';

export const clip = (x: number, lo = 0, hi = 100): number => Math.min(Math.max(x, lo), hi);

/** A finite number, or undefined. */
export function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** A finite number ≥ 0 (prices, volume, open interest), or undefined. */
export function nonNeg(x: unknown): number | undefined {
  const v = num(x);
  return v !== undefined && v >= 0 ? v : undefined;
}

/** Implied volatility counts only when positive. */
export function ivOf(q: ContractQuote | undefined): number | undefined {
  const v = num(q?.iv);
  return v !== undefined && v > 0 ? v : undefined;
}

/** (bid + ask) / 2 when both sides are quoted. */
export function quotedMid(q: ContractQuote | undefined): number | undefined {
  const bid = nonNeg(q?.bid);
  const ask = nonNeg(q?.ask);
  return bid === undefined || ask === undefined ? undefined : (bid + ask) / 2;
}

/** The contract's price: the positive quoted mid, else mark, else last; undefined when none is positive. */
export function priceOf(q: ContractQuote | undefined): number | undefined {
  const mid = quotedMid(q);
  if (mid !== undefined && mid > 0) return mid;
  for (const x of [nonNeg(q?.mark), nonNeg(q?.last)]) if (x !== undefined && x > 0) return x;
  return undefined;
}

/** The provider's mark when it sent a positive one, else priceOf. */
export function markOf(q: ContractQuote | undefined): number | undefined {
  const mark = nonNeg(q?.mark);
  return mark !== undefined && mark > 0 ? mark : priceOf(q);
}

/** (ask − bid) / mid · 100; 100 when the mid is not positive or a side is missing. */
export function spreadPctOf(q: ContractQuote | undefined): number {
  const bid = nonNeg(q?.bid);
  const ask = nonNeg(q?.ask);
  if (bid === undefined || ask === undefined) return 100;
  const mid = (bid + ask) / 2;
  return mid > 0 ? ((ask - bid) / mid) * 100 : 100;
}
