// The TS edge function's forecast tilt (seed-ml.md §4.4): a fresh daily forecast of the
// underlying pushes contracts on its side up and the other side down.

import { type OptionSide } from '@marketfleet/market';
import { clip } from './quote';

export interface UnderlyingForecast {
  label: 'bullish' | 'bearish' | 'neutral';
  /** 0–1. */
  confidence: number;
  /** Model agreement, 0–1 (the seed stored 0 or 1). */
  agreement: number;
  runAt: Date;
}

export interface TiltOptions {
  now: Date;
  /** A forecast this old or older is ignored; the seed used 24 hours. */
  maxAgeMs: number;
}

/** s = confidence · (0.5 + 0.5 · agreement): the aligned side gains 22.5·s, the other loses 11.25·s. */
export function forecastTiltFor(side: OptionSide, f: UnderlyingForecast, opts: TiltOptions): number {
  // A run_at in the future (clock skew between hosts) still counts as fresh.
  if (!(opts.now.getTime() - f.runAt.getTime() < opts.maxAgeMs) || f.label === 'neutral') return 0;
  const conf = clip(Number.isFinite(f.confidence) ? f.confidence : 0, 0, 1);
  const agreement = clip(Number.isFinite(f.agreement) ? f.agreement : 0, 0, 1);
  const s = conf * (0.5 + 0.5 * agreement);
  const aligned = (f.label === 'bullish') === (side === 'call');
  return aligned ? 22.5 * s : -11.25 * s;
}

/**
 * Rows with the tilt added to `composite` (clipped to [0, 100]), `mlScore` kept in step, and the
 * tilt recorded. Signals are left as scored: the tilt reorders the ranking, it is not evidence
 * about the contract. A forecast is no reason to drop rows, so the input order is kept.
 */
export function applyForecastTilt<T extends { side: OptionSide; composite: number }>(
  rows: readonly T[],
  forecast: UnderlyingForecast | null,
  opts: TiltOptions,
): (T & { composite: number; mlScore: number; forecastTilt: number })[] {
  return rows.map((row) => {
    const tilt = forecast === null ? 0 : forecastTiltFor(row.side, forecast, opts);
    const composite = clip(row.composite + tilt);
    return { ...row, composite, mlScore: composite / 100, forecastTilt: tilt };
  });
}
