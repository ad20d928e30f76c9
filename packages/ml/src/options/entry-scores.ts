// The seed's entry-mode sub-scores (seed-ml.md §4.2) as plain functions of numbers. Every score
// is on 0–100 and `clip` means clip to [0, 100]. rank-entry.ts decides the inputs.

import { type OptionSide } from '@marketfleet/market';
import { clip } from './quote';
import { type PriceTrend } from './types';

/** IV rank within [lo, hi]; 50 when there is no range or no IV, as the seed did for a flat range. */
export function ivRank(iv: number | undefined, range: { lo: number; hi: number } | null): number {
  if (iv === undefined || range === null || !(range.hi - range.lo > 0)) return 50;
  return clip(((iv - range.lo) / (range.hi - range.lo)) * 100);
}

/**
 * V = 0.6·(100 − iv_rank) + 0.4·(100 − min(2·spread%, 50)), then × 0.8 for stale IV statistics
 * and × 0.85 off a smooth IV curve. Not clipped, as in the seed: a crossed quote (negative spread)
 * can lift V above 100 until the composite is clipped.
 */
export function valueScore(rank: number, spreadPct: number, opts: { ivStale: boolean; curveOk: boolean }): number {
  let v = 0.6 * (100 - rank) + 0.4 * (100 - Math.min(2 * spreadPct, 50));
  if (opts.ivStale) v *= 0.8;
  if (!opts.curveOk) v *= 0.85;
  return v;
}

const ramp = (x: number, full: number): number => clip(0.1 + (0.9 * x) / full, 0.1, 1);

/** L: geometric mean of volume (full at 100), open interest (full at 500) and price (full at $5) ramps, each floored at 0.1. */
export function liquidityConfidence(volume: number, openInterest: number, price: number): number {
  return (ramp(volume, 100) * ramp(openInterest, 500) * ramp(price, 5)) ** (1 / 3);
}

/** Without any history the seed used the contract's share of the chain's top volume as momentum, −10 to +10. */
export function volumeProxyMomentum(volume: number, maxVolume: number): number {
  return (volume / (maxVolume + 1)) * 20 - 10;
}

export interface MomentumParts {
  pm: number;
  vo: number;
  og: number;
  momentum: number;
}

/** PM = clip(2r + 50), VO = clip(vol/OI / 0.20 · 100), OG = clip(g + 50), M = 50 + (0.5PM + 0.3VO + 0.2OG − 50)·L. */
export function momentumScore(r: number, volOi: number, g: number, liquidity: number): MomentumParts {
  const pm = clip(2 * r + 50);
  const vo = clip((volOi / 0.2) * 100);
  const og = clip(g + 50);
  return { pm, vo, og, momentum: 50 + (0.5 * pm + 0.3 * vo + 0.2 * og - 50) * liquidity };
}

/** 1 with the trend, 0.9 without one, 0.7 against it. */
export function trendAlignment(trend: PriceTrend, side: OptionSide): number {
  if (trend === 'neutral') return 0.9;
  return (trend === 'bullish') === (side === 'call') ? 1 : 0.7;
}

export interface GreeksInputs {
  side: OptionSide;
  trend: PriceTrend;
  delta?: number;
  gamma?: number;
  vega?: number;
  theta?: number;
  price: number;
}

export interface GreeksParts {
  deltaScore: number;
  gammaScore: number;
  vegaScore: number;
  thetaPenalty: number;
  greeks: number;
}

// A missing greek scores the midpoint of its range (D, Γ, Vg 50; θ penalty 20 of 40): the
// contract is neither rewarded nor punished for a field the provider did not send.
export const NEUTRAL = { delta: 50, gamma: 50, vega: 50, thetaPenalty: 20 } as const;

/** G = clip(0.5D + 0.35Γ + 0.1Vg − θpen), D = clip((100 − 100·|Δ − ±0.55|)·align). */
export function greeksScore(i: GreeksInputs): GreeksParts {
  const target = i.side === 'call' ? 0.55 : -0.55;
  // The seed clipped D itself; it matters only for a delta of the wrong sign.
  const deltaScore =
    i.delta === undefined ? NEUTRAL.delta : clip((100 - 100 * Math.abs(i.delta - target)) * trendAlignment(i.trend, i.side));
  const gammaScore = i.gamma === undefined ? NEUTRAL.gamma : clip((i.gamma / 0.04) * 100);
  const vegaScore = i.vega === undefined ? NEUTRAL.vega : clip((i.vega / 0.3) * 100);
  // The seed charged the full 40 when the price was not positive.
  const thetaPenalty =
    i.theta === undefined ? NEUTRAL.thetaPenalty : i.price > 0 ? Math.min((Math.abs(i.theta) / i.price) * 1000, 40) : 40;
  const greeks = clip(0.5 * deltaScore + 0.35 * gammaScore + 0.1 * vegaScore - thetaPenalty);
  return { deltaScore, gammaScore, vegaScore, thetaPenalty, greeks };
}

/** ED = clip((1 − clip(spread%/2, 0, 1) + 0.5·min(vol/OI, 1))·100): how easy it is to get filled. */
export function entryDifficulty(spreadPct: number, volOi: number): number {
  return clip((1 - clip(spreadPct / 2, 0, 1) + 0.5 * Math.min(volOi, 1)) * 100);
}

/** RV = clip((0.7(1 − iv/iv_ref) + 0.3(1 − spread%/spread%_ref))·100): cheaper and tighter than before scores higher. */
export function relativeValue(iv: number, ivRef: number, spreadPct: number, spreadPctRef: number): number {
  return clip((0.7 * (1 - iv / ivRef) + 0.3 * (1 - spreadPct / spreadPctRef)) * 100);
}

/** The seed's ENTRY_WEIGHTS 0.30/0.35/0.35, then the ED blend above 65, the RV blend, and the clip. */
export function compositeScore(momentum: number, value: number, greeks: number, ed: number, rv: number): number {
  let c = 0.3 * momentum + 0.35 * value + 0.35 * greeks;
  if (c > 65) c = 0.9 * c + 0.1 * ed;
  c = 0.9 * c + 0.1 * rv;
  return clip(c);
}

/** Half-way to the previous run's momentum, but never more than 30 points from it. */
export function smoothMomentum(momentum: number, previous: number): number {
  return Math.min(Math.max(0.5 * momentum + 0.5 * previous, previous - 30), previous + 30);
}

export function stabilityScore(composite: number, previous: number): number {
  return clip(100 - 2 * Math.abs(composite - previous));
}
