// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ml-regression ships no types: this brings ours into every program that compiles this file
/// <reference path="../ml-regression.d.ts" />
// §5.2 polynomial S/R (degree 1): a line through the recent pivot highs (resistance) and pivot
// lows (support), in the seed's coordinates: x = bars back from the last bar, min–max normalised
// over the pivots. Because x grows into the past, a level that rises over time has a NEGATIVE
// seed slope, and the seed's synthesizer, which calls slope > 1e-4 "rising", reads every
// trend inverted. `slope` keeps that convention for parity; `timeSlope`, `slopePerBar` and
// `trend` carry the correct sign.
import { PolynomialRegression } from 'ml-regression';
import { type Ohlc } from '../series';
import { findPivots, type Pivot } from './pivots';

const PIVOT_SIZE = 5;
const LOOKBACK_BARS = 150;
const FORECAST_BARS = 20;
/** The seed synthesizer's dead band for rising/falling. */
const FLAT_BAND = 1e-4;

export interface PolynomialLevel {
  /** The line at x = 0, the last bar. */
  level: number;
  /** The line at x = 1, one bar back; the test/break signals compare the previous bar with it. */
  previous: number;
  /** Levels 1…20 bars ahead, at x = −k (unrounded; the seed rounds its stored list to 4 dp). */
  ahead: number[];
  /** Seed convention: d level / d x_norm at x_norm = 1, negative for a level rising over time. */
  slope: number;
  /** −slope: the level's change from its oldest pivot to its newest, positive when rising. */
  timeSlope: number;
  /** timeSlope per bar: the level's change from one bar to the next. */
  slopePerBar: number;
  /** From timeSlope with the seed's ±1e-4 band; the seed's own label, from `slope`, is the mirror. */
  trend: 'rising' | 'falling' | 'flat';
  /** [a0, a1] of a0 + a1·x_norm. */
  coefficients: [number, number];
  pivots: Pivot[];
}

export type PolynomialSignal = 'resistance_test' | 'resistance_break' | 'support_test' | 'support_break';

export interface PolynomialSrResult {
  resistance: PolynomialLevel | null;
  support: PolynomialLevel | null;
  /** Signals on the last bar, in this order: resistance test, break, support test, break. */
  signals: PolynomialSignal[];
}

function fitSide(bars: readonly Ohlc[], side: 'high' | 'low'): PolynomialLevel | null {
  const lastIndex = bars.length - 1;
  const from = Math.max(0, lastIndex - LOOKBACK_BARS);
  const pivots = findPivots(bars, PIVOT_SIZE, PIVOT_SIZE, side).filter((p) => p.index >= from);
  // The seed fits nothing through fewer than two points. Pivot indices are distinct, so two
  // pivots always span a positive x range and the normalisation never divides by zero.
  if (pivots.length < 2) return null;
  const xs = pivots.map((p) => lastIndex - p.index);
  const xMin = Math.min(...xs);
  const span = Math.max(...xs) - xMin;
  const norm = (x: number): number => (x - xMin) / span;
  const fit = new PolynomialRegression(xs.map(norm), pivots.map((p) => p.price), 1);
  const [a0, a1] = fit.coefficients as [number, number];
  const at = (x: number): number => a0 + a1 * norm(x);
  const timeSlope = -a1;
  return {
    level: at(0),
    previous: at(1),
    ahead: Array.from({ length: FORECAST_BARS }, (_, k) => at(-(k + 1))),
    slope: a1,
    timeSlope,
    slopePerBar: timeSlope / span,
    trend: timeSlope > FLAT_BAND ? 'rising' : timeSlope < -FLAT_BAND ? 'falling' : 'flat',
    coefficients: [a0, a1],
    pivots,
  };
}

export function polynomialSr(bars: readonly Ohlc[]): PolynomialSrResult {
  const resistance = fitSide(bars, 'high');
  const support = fitSide(bars, 'low');
  const signals: PolynomialSignal[] = [];
  const bar = bars[bars.length - 1];
  const prev = bars[bars.length - 2];
  if (bar !== undefined && prev !== undefined) {
    if (resistance !== null) {
      if (bar.high >= resistance.level && prev.high < resistance.previous) signals.push('resistance_test');
      if (bar.close > resistance.level && prev.close <= resistance.previous) signals.push('resistance_break');
    }
    if (support !== null) {
      if (bar.low <= support.level && prev.low > support.previous) signals.push('support_test');
      if (bar.close < support.level && prev.close >= support.previous) signals.push('support_break');
    }
  }
  return { resistance, support, signals };
}
