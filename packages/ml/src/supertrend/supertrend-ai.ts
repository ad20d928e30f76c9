import { superTrendAtr } from '../indicators/atr';
import { ema } from '../indicators/moving-average';
import { lastOf, type Ohlc } from '../series';
import { superTrend, superTrendPerformance, type Trend } from './bands';
import { chooseFactor, SUPERTREND_FACTORS } from './factor';

/** +1 on a bar where the trend turned bullish, −1 where it turned bearish, else 0. */
export type FlipSignal = -1 | 0 | 1;

export interface SuperTrendAiResult {
  /** Stored as supertrend_factor. */
  factor: number;
  /** Performance P per tried factor, in SUPERTREND_FACTORS order. */
  performances: number[];
  clusterLabels: number[];
  bestCluster: number;
  /** P of the rerun with the chosen factor. */
  performance: number;
  /** clip(max(P, 0)/(EMA10(|ΔC|)_last + 1e-10), 0, 1); the seed stores this as supertrend_performance. */
  perfIdx: number;
  /** int(10·perfIdx), 0–10; stored as trend_confidence. */
  signalStrength: number;
  currentTrend: 'bullish' | 'bearish';
  /** SuperTrend's EMA10 ATR. Not the synthesizer's: the seed's synthesizer never sees this one. */
  atr: number[];
  supertrend: number[];
  trend: Trend[];
  signals: FlipSignal[];
  /** The last bar's flip signal (supertrend_signal). */
  signal: FlipSignal;
  /** The last SuperTrend value (stop_level). */
  stopLevel: number;
  /** Bars after the last flip; every bar but the first when there was none. */
  trendDurationBars: number;
}

/**
 * SuperTrend AI (§1.1): ATR = EMA10 of true range, nine factors scored by performance, the
 * factor chosen by k-means, then a rerun with that factor. Needs at least two bars; the seed
 * has no defined perf_idx with fewer (its forecast job never gets there under 50 bars).
 */
export function superTrendAi(bars: readonly Ohlc[]): SuperTrendAiResult {
  if (bars.length < 2) throw new RangeError(`SuperTrend AI needs at least 2 bars, got ${bars.length}`);
  const atr = superTrendAtr(bars);
  const performances = SUPERTREND_FACTORS.map((f) => superTrendPerformance(bars, superTrend(bars, atr, f).trend));
  const choice = chooseFactor(performances);
  const line = superTrend(bars, atr, choice.factor);
  const performance = superTrendPerformance(bars, line.trend);
  // |ΔC| starts with the NaN of close.diff(), so the EMA seeds on the first real change.
  const moves = bars.map((b, i) => (i === 0 ? NaN : Math.abs(b.close - bars[i - 1]!.close)));
  const perfIdx = Math.min(Math.max(Math.max(performance, 0) / (lastOf(ema(moves, 10)) + 1e-10), 0), 1);
  const signals = line.trend.map((t, i): FlipSignal => (i === 0 || t === line.trend[i - 1] ? 0 : t === 1 ? 1 : -1));
  let trendDurationBars = 0;
  for (let i = bars.length - 1; i > 0 && signals[i] === 0; i--) trendDurationBars++;
  return {
    factor: choice.factor,
    performances,
    clusterLabels: choice.labels,
    bestCluster: choice.bestCluster,
    performance,
    perfIdx,
    signalStrength: Math.trunc(perfIdx * 10),
    currentTrend: lastOf(line.trend) === 1 ? 'bullish' : 'bearish',
    atr,
    supertrend: line.supertrend,
    trend: line.trend,
    signals,
    signal: signals[signals.length - 1]!,
    stopLevel: lastOf(line.supertrend),
    trendDurationBars,
  };
}
