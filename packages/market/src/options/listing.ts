// The listing layout an exchange would show for an equity underlying on a date: which expirations
// exist and which strikes. It is a model of the usual US rules, not a copy of any exchange's file,
// so tests and the fake provider can build realistic chains without a network.

import { type MarketClock, marketClock } from '../sessions';
import { civilFromDays, dayOf, formatDay, nthWeekdayOfMonth, weekdayOfDay } from '../timezone';
import { type OccContract, type OptionSide } from './occ';

/**
 * Why an expiration is listed. One date can qualify several ways; it takes the first of
 * monthly > quarterly > leaps > weekly, so 'quarterly' and 'leaps' mark dates beyond the monthly window.
 */
export type ExpirationKind = 'weekly' | 'monthly' | 'quarterly' | 'leaps';

export interface Expiration {
  /** The last trading day, YYYY-MM-DD: the Friday, or the session before it when the Friday is closed. */
  date: string;
  /** The Friday the expiration stands for. */
  friday: string;
  kind: ExpirationKind;
}

export interface ListingOptions {
  clock?: MarketClock;
  /** Consecutive Friday expirations listed, this week's included; default 6. */
  weeklies?: number;
  /** Third-Friday months listed from the current one; default 3. */
  monthlies?: number;
  /** Third Fridays of March, June, September and December (the equity quarterly cycle, not
   * the end-of-quarter index expirations); default 4. */
  quarterlies?: number;
  /** January third Fridays of the next N years; default 2. */
  leapsYears?: number;
}

const FRIDAY = 5;
const KIND_ORDER: readonly ExpirationKind[] = ['monthly', 'quarterly', 'leaps', 'weekly'];

function count(n: number | undefined, fallback: number, name: string): number {
  const v = n ?? fallback;
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  return v;
}

/**
 * All expirations listed on `date` (expiring that day or later), ascending by date.
 * An expiration whose Friday is a market holiday moves to the previous session, normally the
 * Thursday (Good Friday 2024-03-29 → 2024-03-28).
 */
export function listExpirations(date: string, opts?: ListingOptions): Expiration[] {
  const clock = opts?.clock ?? marketClock;
  const today = dayOf(date);
  const { year, month } = civilFromDays(today);
  const byFriday = new Map<number, ExpirationKind>();
  const add = (friday: number, kind: ExpirationKind): void => {
    const had = byFriday.get(friday);
    if (had === undefined || KIND_ORDER.indexOf(kind) < KIND_ORDER.indexOf(had)) byFriday.set(friday, kind);
  };
  const lastDay = (friday: number): number => {
    const s = formatDay(friday);
    return clock.session(s) === null ? dayOf(clock.previousSession(s).date) : friday;
  };
  const thirdFriday = (y: number, m: number): number => nthWeekdayOfMonth(y, m, FRIDAY, 3);

  // On a Friday holiday itself that week's expiration has already passed (it moved back a day).
  let week = today + ((FRIDAY - weekdayOfDay(today) + 7) % 7);
  for (let listed = 0; listed < count(opts?.weeklies, 6, 'weeklies'); week += 7) {
    if (lastDay(week) >= today) {
      add(week, 'weekly');
      listed++;
    }
  }
  const months = (pick: (m: number) => boolean, n: number, kind: ExpirationKind): void => {
    let y = year;
    let m = month;
    for (let listed = 0; listed < n; ) {
      const tf = thirdFriday(y, m);
      if (pick(m) && lastDay(tf) >= today) {
        add(tf, kind);
        listed++;
      }
      y += m === 12 ? 1 : 0;
      m = (m % 12) + 1;
    }
  };
  months(() => true, count(opts?.monthlies, 3, 'monthlies'), 'monthly');
  months((m) => m % 3 === 0, count(opts?.quarterlies, 4, 'quarterlies'), 'quarterly');
  for (let k = 1; k <= count(opts?.leapsYears, 2, 'leapsYears'); k++) add(thirdFriday(year + k, 1), 'leaps');

  return [...byFriday.entries()]
    .sort(([a], [b]) => a - b)
    .map(([friday, kind]) => ({ date: formatDay(lastDay(friday)), friday: formatDay(friday), kind }));
}

/** The n expirations nearest to `date` (fewer when the listing has fewer). */
export function nearestExpirations(date: string, n: number, opts?: ListingOptions): Expiration[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  return listExpirations(date, opts).slice(0, n);
}

/**
 * Strike increments by spot price. Near strikes lie within ±nearBand of spot; farther out the
 * wider step applies, the way exchanges thin out deep in- and out-of-the-money strikes.
 *
 * | spot      | near | far |
 * | < 25      | 0.5  | 0.5 |
 * | 25 – 50   | 1    | 1   |
 * | 50 – 200  | 2.5  | 5   |
 * | ≥ 200     | 5    | 10  |
 */
export function strikeSteps(spot: number): { near: number; far: number } {
  if (spot < 25) return { near: 0.5, far: 0.5 };
  if (spot < 50) return { near: 1, far: 1 };
  if (spot < 200) return { near: 2.5, far: 5 };
  return { near: 5, far: 10 };
}

export interface StrikeOptions {
  /** Strikes from spot·(1 − range) to spot·(1 + range); default 0.3. */
  range?: number;
  /** The near-the-money band for the finer step; default 0.1. */
  nearBand?: number;
}

/**
 * The strike ladder around spot, ascending. Strikes are multiples of their step (computed in
 * thousandths so 2.5-steps never drift), and the two strikes bracketing spot are always present.
 */
export function strikeGrid(spot: number, opts?: StrikeOptions): number[] {
  const range = opts?.range ?? 0.3;
  const band = opts?.nearBand ?? 0.1;
  if (!(spot > 0) || !Number.isFinite(spot)) throw new RangeError(`spot must be positive and finite, got ${spot}`);
  if (!(range > 0 && range <= 1)) throw new RangeError(`range must be in (0, 1], got ${range}`);
  if (!(band >= 0)) throw new RangeError(`nearBand must be non-negative, got ${band}`);
  const { near, far } = strikeSteps(spot);
  const nearM = Math.round(near * 1000);
  const farM = Math.round(far * 1000);
  const spotM = spot * 1000;
  const [lo, hi] = [spotM * (1 - range), spotM * (1 + range)];
  const [nearLo, nearHi] = [spotM * (1 - band), spotM * (1 + band)];
  const out = new Set<number>();
  for (let k = Math.max(1, Math.ceil(lo / nearM)); k * nearM <= hi; k++) {
    const m = k * nearM;
    if ((m >= nearLo && m <= nearHi) || m % farM === 0) out.add(m);
  }
  const below = Math.floor(spotM / nearM) * nearM;
  if (below > 0) out.add(below);
  out.add(Math.ceil(spotM / nearM) * nearM);
  return [...out].sort((a, b) => a - b).map((m) => m / 1000);
}

/** Every contract of the layout: each expiration × strike × side, with the same strikes for all expirations. */
export function listContracts(
  root: string,
  date: string,
  spot: number,
  opts?: ListingOptions & StrikeOptions,
): OccContract[] {
  const strikes = strikeGrid(spot, opts);
  const sides: readonly OptionSide[] = ['call', 'put'];
  return listExpirations(date, opts).flatMap((e) =>
    strikes.flatMap((strike) => sides.map((side) => ({ root, expiry: e.date, side, strike }))),
  );
}
