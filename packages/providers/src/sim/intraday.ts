import type { Bar, Session } from '@marketfleet/market';
import type { SymbolParams } from './daily-path';
import { roundPrice } from './daily-path';
import type { Rng } from './prng';

// Bound once: under jest's vm sandbox each `Math.x` lookup is a slow global access.
const { abs, exp, log, max, min, round, sqrt } = Math;

const M15_MS = 15 * 60_000;

/**
 * Intraday activity over the session: heavy at the open, quiet at lunch, a second rise into the
 * close. Both volume and volatility follow it, as they do in real equities.
 */
export function intradayWeight(x: number): number {
  return 0.55 + 1.6 * exp(-9 * x) + 0.9 * exp(-10 * (1 - x));
}

export interface DayInput {
  session: Session;
  open: number;
  close: number;
  /** The day's total variance; the intraday part is what's left after the overnight gap. */
  intradayVariance: number;
  volume: number;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * The session's m15 bars: a Brownian bridge in log price pinned to the day's open and close, so
 * the first bar opens at the daily open and the last closes at the daily close exactly.
 */
export function buildSessionBars(day: DayInput, params: SymbolParams, rng: Rng): Bar[] {
  const { session } = day;
  const n = round((session.close.getTime() - session.open.getTime()) / M15_MS);
  const weights = new Float64Array(n);
  let wSum = 0;
  for (let k = 0; k < n; k++) {
    weights[k] = intradayWeight((k + 0.5) / n);
    wSum += weights[k]!;
  }

  // Walk with per-step variance ∝ weight, then subtract the variance-weighted share of the miss
  // so the walk lands on the close: the standard bridge for non-uniform steps.
  const sd = new Float64Array(n);
  const walk = new Float64Array(n + 1);
  const cumVar = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const v = (day.intradayVariance * weights[k]!) / wSum;
    sd[k] = sqrt(v);
    walk[k + 1] = walk[k]! + sd[k]! * rng.normal();
    cumVar[k + 1] = cumVar[k]! + v;
  }
  const logOpen = log(day.open);
  const miss = walk[n]! - (log(day.close) - logOpen);
  const totalVar = cumVar[n]! || 1;
  const price = (k: number): number =>
    k === 0 ? day.open : k === n ? day.close : roundPrice(exp(logOpen + walk[k]! - (cumVar[k]! / totalVar) * miss));

  const bars: Bar[] = new Array(n);
  const openMs = session.open.getTime();
  let prev = price(0);
  for (let k = 0; k < n; k++) {
    const o = prev;
    const c = price(k + 1);
    prev = c;
    const wick = sd[k]! * 0.6;
    const high = max(roundPrice(max(o, c) * exp(abs(rng.normal()) * wick)), o, c);
    const low = min(roundPrice(min(o, c) * exp(-abs(rng.normal()) * wick)), o, c);
    const volume = max(1, round(((day.volume * weights[k]!) / wSum) * exp(0.3 * rng.normal() - 0.045)));
    const vwapRaw = low + (high - low) * clamp(0.5 + 0.18 * rng.normal(), 0.05, 0.95);
    const vwap = clamp(round(vwapRaw * 1e4) / 1e4, low, high);
    const trades = round((volume / params.tradeSize) * exp(0.15 * rng.normal()));
    bars[k] = {
      ts: new Date(openMs + k * M15_MS),
      open: o,
      high,
      low,
      close: c,
      volume,
      vwap,
      tradeCount: clamp(trades, 1, volume),
    };
  }
  return bars;
}
