import { type Ohlc } from '../series';

export interface Pivot {
  index: number;
  price: number;
}

/**
 * Pivot highs (lows): bars whose high is ≥ (low is ≤) every high (low) within `left` bars before
 * and `right` bars after. An equal neighbour does not disqualify a bar, so a flat top yields one
 * pivot per bar of the top, and "the latest pivot" is its last bar. The first `left` and last
 * `right` bars cannot be tested. Oldest first.
 */
export function findPivots(bars: readonly Ohlc[], left: number, right: number, side: 'high' | 'low'): Pivot[] {
  const value = (i: number): number => (side === 'high' ? bars[i]!.high : bars[i]!.low);
  const beaten = (other: number, price: number): boolean => (side === 'high' ? other > price : other < price);
  const pivots: Pivot[] = [];
  for (let i = left; i < bars.length - right; i++) {
    const price = value(i);
    let isPivot = true;
    for (let j = i - left; j <= i + right && isPivot; j++) {
      if (j !== i && beaten(value(j), price)) isPivot = false;
    }
    if (isPivot) pivots.push({ index: i, price });
  }
  return pivots;
}
