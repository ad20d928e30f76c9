// §5.1 pivot levels (the seed's port of BigBeluga's "Pivot Levels"), with OLD's status rule.
import { wilderAtr } from '../indicators/atr';
import { lastOf, type Ohlc } from '../series';
import { findPivots, type Pivot } from './pivots';

export const PIVOT_PERIODS: readonly number[] = [5, 25, 50, 100];

/** 'inactive' marks a side with no pivot; HEAD's extra close-distance rule is not OLD's. */
export type PivotStatus = 'support' | 'resistance' | 'active' | 'inactive';

export interface PivotLevel {
  period: number;
  /** Latest pivot high of this period, or null when there is none. */
  high: number | null;
  highIndex: number | null;
  low: number | null;
  lowIndex: number | null;
  highStatus: PivotStatus;
  lowStatus: PivotStatus;
}

export interface PivotLevelsResult {
  /** One entry per period that has a pivot high or low; periods with neither are left out, as in the seed. */
  levels: PivotLevel[];
  /** 1.5 × Wilder ATR(200); 0 with 200 bars or fewer. */
  atrThreshold: number;
  /** Highest level (high or low, any period) strictly below the last close. */
  nearestSupport: number | null;
  /** Lowest level strictly above the last close. */
  nearestResistance: number | null;
}

export function pivotLevels(bars: readonly Ohlc[]): PivotLevelsResult {
  const last = bars[bars.length - 1];
  if (last === undefined) return { levels: [], atrThreshold: 0, nearestSupport: null, nearestResistance: null };
  const atr = lastOf(wilderAtr(bars, 200));
  // The seed's threshold is 0 while ATR(200) is undefined, which makes every status strict.
  const atrThreshold = Number.isNaN(atr) ? 0 : 1.5 * atr;
  const status = (level: number | null): PivotStatus => {
    if (level === null) return 'inactive';
    if (last.low > level + atrThreshold) return 'support';
    if (last.high < level - atrThreshold) return 'resistance';
    return 'active';
  };
  const levels: PivotLevel[] = [];
  for (const period of PIVOT_PERIODS) {
    const high: Pivot | undefined = findPivots(bars, period, period, 'high').at(-1);
    const low: Pivot | undefined = findPivots(bars, period, period, 'low').at(-1);
    if (high === undefined && low === undefined) continue;
    levels.push({
      period,
      high: high?.price ?? null,
      highIndex: high?.index ?? null,
      low: low?.price ?? null,
      lowIndex: low?.index ?? null,
      highStatus: status(high?.price ?? null),
      lowStatus: status(low?.price ?? null),
    });
  }
  // Both sides of every period compete: a broken pivot high below price is support, too.
  const prices = levels.flatMap((l) => [l.high, l.low]).filter((p): p is number => p !== null);
  const below = prices.filter((p) => p < last.close);
  const above = prices.filter((p) => p > last.close);
  return {
    levels,
    atrThreshold,
    nearestSupport: below.length > 0 ? Math.max(...below) : null,
    nearestResistance: above.length > 0 ? Math.min(...above) : null,
  };
}
