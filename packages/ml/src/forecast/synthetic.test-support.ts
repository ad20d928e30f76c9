// Synthetic series whose truth is known, for the forecast tests.
import type { Ohlc } from '../series';
import { mulberry32, normalSampler } from '../stats/seeded-random';

/** Bars whose log returns follow r_t = φ·r_{t−1} + σ·ε_t (φ = 0: a random walk). */
export function ar1Bars(n: number, phi: number, seed: number, sigma = 0.01): Ohlc[] {
  const z = normalSampler(mulberry32(seed));
  const u = mulberry32(seed + 1);
  const bars: Ohlc[] = [];
  let close = 100;
  let r = 0;
  for (let i = 0; i < n; i++) {
    r = phi * r + sigma * z();
    const open = close;
    close = open * Math.exp(r);
    const wick = 1 + 0.002 * u();
    bars.push({ open, high: Math.max(open, close) * wick, low: Math.min(open, close) / wick, close, volume: 1e6 * (0.5 + u()) });
  }
  return bars;
}
