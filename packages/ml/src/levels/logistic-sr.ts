// §5.3 logistic S/R, streamed bar by bar as the seed does: at bar t every live level is first
// updated with bar t, then the bar PIVOT_LENGTH back is tested as a pivot (high before low), and
// each new pivot becomes a level that the online model scores against its side's history.
import { wilderAtr } from '../indicators/atr';
import { wilderRsi } from '../indicators/rsi';
import { closesOf, lastOf, type Ohlc } from '../series';
import { predictLevel, type LevelFeatures, type Sign } from './logistic-model';
import { findPivots } from './pivots';

const PIVOT_LENGTH = 14;
const KEEP_PROBABILITY = 0.7;
const SHOW_WITHIN_ATRS = 7;

export interface LogisticLevel extends LevelFeatures {
  isSupport: boolean;
  level: number;
  /** The pivot bar. */
  startIndex: number;
  /** The bar that broke the level, null while it holds. */
  endIndex: number | null;
  /** The model's probability when kept, else 0 (the seed stores nothing below the threshold). */
  probability: number;
  /** Probability ≥ 0.7 (the seed's detected_by_regression). */
  kept: boolean;
}

export interface LogisticSrResult {
  /** Every level the stream created, oldest first, with its final respect/break state. */
  levels: LogisticLevel[];
  /** Shown supports, oldest first: kept, and either broken or within 7·ATR14 of the last close. */
  supportLevels: LogisticLevel[];
  resistanceLevels: LogisticLevel[];
  /** Highest unbroken shown support below the last close. */
  nearestSupport: number | null;
  /** Lowest unbroken shown resistance above the last close. */
  nearestResistance: number | null;
}

/**
 * Respects and breaks count only on bars more than PIVOT_LENGTH after the pivot, so a level is
 * not judged by the bars that confirmed it. A support is touched when the low goes below it: a
 * close back above is a respect, any other close a break (resistance mirrors this). A bar that
 * does not cross the level changes nothing, even if it closes exactly on it. (The start guard is
 * the seed's; since a level is created only after bar start + PIVOT_LENGTH was processed, it
 * never fires in this stream.)
 */
function update(level: LogisticLevel, bar: Ohlc, t: number): void {
  if (level.endIndex !== null || t <= level.startIndex + PIVOT_LENGTH) return;
  const crossed = level.isSupport ? bar.low < level.level : bar.high > level.level;
  if (!crossed) return;
  const heldOn = level.isSupport ? bar.close > level.level : bar.close < level.level;
  if (heldOn) level.timesRespected++;
  else level.endIndex = t;
}

export function logisticSr(bars: readonly Ohlc[]): LogisticSrResult {
  const rsi = wilderRsi(closesOf(bars), PIVOT_LENGTH);
  // NaN before index 14 fails every `> 0` test below, as the seed's stored 0 does.
  const atr = wilderAtr(bars, PIVOT_LENGTH);
  const highs = new Set(findPivots(bars, PIVOT_LENGTH, PIVOT_LENGTH, 'high').map((p) => p.index));
  const lows = new Set(findPivots(bars, PIVOT_LENGTH, PIVOT_LENGTH, 'low').map((p) => p.index));
  const levels: LogisticLevel[] = [];

  const create = (i: number, isSupport: boolean): void => {
    const bar = bars[i]!;
    const body = Math.abs(bar.close - bar.open);
    const rsiSign: Sign = rsi[i]! > 50 ? 1 : -1;
    const bodySign: Sign = atr[i]! > 0 && body > atr[i]! ? 1 : -1;
    const level: LogisticLevel = {
      isSupport,
      level: isSupport ? bar.low : bar.high,
      startIndex: i,
      endIndex: null,
      timesRespected: 0,
      rsiSign,
      bodySign,
      probability: 0,
      kept: false,
    };
    levels.push(level);
    const p = predictLevel(levels.filter((l) => l.isSupport === isSupport), level);
    if (p >= KEEP_PROBABILITY) {
      level.probability = p;
      level.kept = true;
    }
  };

  for (let t = 2 * PIVOT_LENGTH; t < bars.length; t++) {
    for (const level of levels) update(level, bars[t]!, t);
    const i = t - PIVOT_LENGTH;
    if (highs.has(i)) create(i, false);
    if (lows.has(i)) create(i, true);
  }

  const close = lastOf(closesOf(bars));
  const lastAtr = lastOf(atr);
  // With no ATR yet the seed shows every kept level.
  const shown = levels.filter(
    (l) => l.kept && (!(lastAtr > 0) || l.endIndex !== null || Math.abs(close - l.level) <= lastAtr * SHOW_WITHIN_ATRS),
  );
  const supportLevels = shown.filter((l) => l.isSupport);
  const resistanceLevels = shown.filter((l) => !l.isSupport);
  const supports = supportLevels.filter((l) => l.endIndex === null && l.level < close).map((l) => l.level);
  const resistances = resistanceLevels.filter((l) => l.endIndex === null && l.level > close).map((l) => l.level);
  return {
    levels,
    supportLevels,
    resistanceLevels,
    nearestSupport: supports.length > 0 ? Math.max(...supports) : null,
    nearestResistance: resistances.length > 0 ? Math.min(...resistances) : null,
  };
}
