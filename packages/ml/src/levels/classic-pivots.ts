import { type Ohlc } from '../series';

export interface ClassicPivots {
  pp: number;
  r1: number;
  r2: number;
  r3: number;
  s1: number;
  s2: number;
  s3: number;
}

/**
 * §5.5 classical floor pivots of one bar (the seed's legacy detector uses the last bar and rounds
 * each level to 2 dp; rounding is left to the caller so nothing is lost here).
 */
export function classicPivots(bar: Pick<Ohlc, 'high' | 'low' | 'close'>): ClassicPivots {
  const { high, low, close } = bar;
  const pp = (high + low + close) / 3;
  return {
    pp,
    r1: 2 * pp - low,
    s1: 2 * pp - high,
    r2: pp + (high - low),
    s2: pp - (high - low),
    r3: high + 2 * (pp - low),
    s3: low - 2 * (high - pp),
  };
}
