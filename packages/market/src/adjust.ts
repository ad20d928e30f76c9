import type { PriceBar } from './bar';
import { isDividend, isSplit, type PriceAction } from './corporate-actions';

/**
 * Read-time adjustment of raw bars for corporate actions, in one pass over the rows.
 * Before each split's ex-date, prices are divided by its ratio and volumes multiplied;
 * `all` also multiplies prices by each cash dividend's factor 1 − dividend / previous
 * raw close, taken at its ex-date. Raw bars are never rewritten.
 */
export type Adjustment = 'raw' | 'split' | 'all';
export const ADJUSTMENTS: readonly Adjustment[] = ['raw', 'split', 'all'];


/** The factors that apply to a bar of `date`: the product over the actions with a later ex-date. */
interface Factors {
  split: number;
  price: number;
}

function factorsByBar<B extends PriceBar>(bars: readonly B[], actions: readonly PriceAction[], mode: Adjustment, dateOf: (ts: Date) => string): Factors[] {
  const relevant = actions
    .filter((a) => isSplit(a) || (mode === 'all' && isDividend(a) && (a.prevClose ?? 0) > 0))
    .sort((a, b) => (a.exDate < b.exDate ? 1 : a.exDate > b.exDate ? -1 : 0));
  const out = new Array<Factors>(bars.length);
  let split = 1;
  let price = 1;
  let next = 0;
  for (let i = bars.length - 1; i >= 0; i--) {
    const day = dateOf(bars[i]!.ts);
    while (next < relevant.length && relevant[next]!.exDate > day) {
      const a = relevant[next++]!;
      if (isSplit(a)) split *= a.ratio!;
      else price *= 1 - a.cashAmount! / a.prevClose!;
    }
    out[i] = { split, price };
  }
  return out;
}

/** Adjusted copies of raw bars (ascending). `raw` returns the bars as they are. */
export function adjustBars<B extends PriceBar>(bars: readonly B[], actions: readonly PriceAction[], mode: Adjustment, dateOf: (ts: Date) => string): B[] {
  if (mode === 'raw' || actions.length === 0) return [...bars];
  const factors = factorsByBar(bars, actions, mode, dateOf);
  return bars.map((b, i) => {
    const { split, price } = factors[i]!;
    if (split === 1 && price === 1) return b;
    const p = (x: number) => (x / split) * price;
    return { ...b, open: p(b.open), high: p(b.high), low: p(b.low), close: p(b.close), vwap: b.vwap === null ? null : p(b.vwap), volume: b.volume * split };
  });
}

/**
 * The inverse, for history a file holds already adjusted: back to raw. Under `all`, a
 * dividend's factor depends on the raw close before it, recovered from the adjusted one
 * (raw − dividend is what the adjusted close of that day stands for).
 */
export function unadjustBars<B extends PriceBar>(bars: readonly B[], actions: readonly PriceAction[], mode: Adjustment, dateOf: (ts: Date) => string): B[] {
  if (mode === 'raw' || actions.length === 0) return [...bars];
  const relevant = actions
    .filter((a) => isSplit(a) || (mode === 'all' && isDividend(a)))
    .sort((a, b) => (a.exDate < b.exDate ? 1 : a.exDate > b.exDate ? -1 : 0));
  const out = new Array<B>(bars.length);
  let split = 1;
  let price = 1;
  let next = 0;
  for (let i = bars.length - 1; i >= 0; i--) {
    const b = bars[i]!;
    const day = dateOf(b.ts);
    const crossed: PriceAction[] = [];
    while (next < relevant.length && relevant[next]!.exDate > day) crossed.push(relevant[next++]!);
    // Splits first: a dividend's factor is on the raw price of this bar, whatever split it shares a day with.
    for (const a of crossed) if (isSplit(a)) split *= a.ratio!;
    for (const a of crossed) {
      if (isSplit(a)) continue;
      // adjustedClose = (raw − D) × price / split  ⇒  raw = adjustedClose × split / price + D
      const rawPrev = (b.close * split) / price + a.cashAmount!;
      price *= 1 - a.cashAmount! / rawPrev;
    }
    const r = (x: number) => (x * split) / price;
    out[i] = split === 1 && price === 1 ? b : { ...b, open: r(b.open), high: r(b.high), low: r(b.low), close: r(b.close), vwap: b.vwap === null ? null : r(b.vwap), volume: b.volume / split };
  }
  return out;
}
