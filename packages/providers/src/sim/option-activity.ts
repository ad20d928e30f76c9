// Open interest and volume of the simulated contracts. They must evolve from day to day (ranking
// compares against earlier snapshots) yet be computable for any single day without replaying the
// contract's life, so slow changes come from value noise: seeded random knots every few days,
// smoothly interpolated, keyed by (seed, contract).

import { type Expiration, type ExpirationKind } from '@marketfleet/market';
import { hash32, Rng } from './prng';

const { cos, exp, floor, max, PI, round } = Math;

/** Days between value-noise knots: how fast interest drifts. */
const KNOT_DAYS = 8;
/** Roughly how long before expiry each kind of expiration is listed. */
const LISTED_DAYS: Record<ExpirationKind, number> = { weekly: 35, monthly: 250, quarterly: 400, leaps: 900 };
/** Interest gathers on standard expirations more than on weeklies. */
const KIND_WEIGHT: Record<ExpirationKind, number> = { weekly: 1, monthly: 2.5, quarterly: 1.8, leaps: 1.2 };

/** Smooth noise in [-1, 1] along the day axis; knots are independent per key. */
function valueNoise(seed: number, key: string, day: number): number {
  const k = floor(day / KNOT_DAYS);
  const f = (day - k * KNOT_DAYS) / KNOT_DAYS;
  const knot = (i: number) => new Rng(hash32(seed, key, 'oi-knot', i)).between(-1, 1);
  const w = (1 - cos(PI * f)) / 2;
  return knot(k) * (1 - w) + knot(k + 1) * w;
}

export interface ActivityInput {
  seed: number;
  contract: string;
  expiration: Expiration;
  strike: number;
  /** Strike increment near the money: strikes on twice that step draw more interest. */
  strikeStep: number;
  spot: number;
  /** ln(K/S) in at-the-money standard deviations. */
  z: number;
  /** Calendar days to expiry (0 on expiration day). */
  daysToExpiry: number;
  /** Day number of the session (days since 1970-01-01) and its date. */
  day: number;
  date: string;
  baseVolume: number;
  volumeFactor: number;
  /** Share of the session traded so far (1 after the close). */
  sessionShare: number;
}

export interface Activity {
  openInterest: number;
  volume: number;
}

export function contractActivity(a: ActivityInput): Activity {
  const listedFor = LISTED_DAYS[a.expiration.kind] - a.daysToExpiry;
  // Interest builds over the first weeks after listing.
  const ramp = 1 - exp(-max(0, listedFor + 1) / 12);
  const roundStrike = round(a.strike * 1000) % round(a.strikeStep * 2000) === 0 ? 1.4 : 1;
  const popularity = exp(-0.5 * (a.z / 2) ** 2) + 0.02;
  const base = a.baseVolume * 4e-4 * KIND_WEIGHT[a.expiration.kind] * roundStrike * popularity * ramp;
  const openInterest = round(base * exp(0.45 * valueNoise(a.seed, a.contract, a.day)));
  // Near-dated contracts turn over their interest faster; each day has its own draw.
  const turnover = 0.04 + 0.35 * exp(-a.daysToExpiry / 6);
  const daily = exp(0.5 * new Rng(hash32(a.seed, a.contract, a.date, 'volume')).normal() - 0.125);
  const volume = round(max(0, openInterest + 5) * turnover * daily * a.volumeFactor * a.sessionShare);
  return { openInterest, volume: max(0, volume) };
}
