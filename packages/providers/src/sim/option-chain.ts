// The simulated option chain of any underlying on any session: the listing an exchange would show
// (weeklies, monthlies, quarterlies, LEAPS; strike steps by price, wider ladders for longer
// maturities), priced by Black–Scholes on the
// simulated underlying with a smile and a term structure, quoted with spreads, and traded with
// open interest and volume that move from day to day. Everything is a function of
// (seed, underlying, session, time of the quote), so every process and fake server agrees.

import {
  bsGreeks,
  formatOcc,
  nearestExpirations,
  type ListingOptions,
  nyDate,
  nyWallTime,
  strikeGrid,
  strikeSteps,
  type OptionSide,
  type Session,
} from '@marketfleet/market';
import type { OptionSnapshot } from '../types';
import { contractActivity } from './option-activity';
import { quoteAround } from './option-quote';
import { hash32, Rng } from './prng';
import type { SimMarket } from './sim-market';
import { volSurface } from './vol-surface';

const { max, min, round, sqrt } = Math;

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const M15_MS = 15 * 60_000;
/** The risk-free rate the simulated market prices with. */
export const SIM_RATE = 0.04;
const SIDES: readonly OptionSide[] = ['call', 'put'];

/**
 * How far strikes reach from spot (a share of it) for an expiration `years` away: exchanges list
 * wider ladders for longer maturities, since the underlying can travel further before them.
 * `reach` scales the ladder (see SimListing).
 */
export function simStrikeRange(years: number, reach = 1): number {
  return min(0.95, reach * (0.25 + 0.5 * sqrt(max(0, years))));
}

/**
 * How the sim lists an underlying's chain: which expirations (listExpirations' counts) and how wide
 * the strike ladder is. Unset fields keep the default listing of an ordinary optionable stock.
 */
export interface SimListing extends Omit<ListingOptions, 'clock'> {
  /** Multiplies simStrikeRange: strikes listed while the underlying traded elsewhere stay listed. Default 1. */
  strikeReach?: number;
  /** The band around spot (a share of it) listed at the finer strike step. Default 0.1. */
  nearBand?: number;
}

/**
 * A heavily traded stock's chain, as AAPL's is listed (SPY adds daily expirations): weeklies three months out,
 * monthlies for nine, quarterlies for a year, two LEAPS years (about 21 expirations, all inside
 * the default listing's horizon, so a provider asked for every expiration sees them all); strikes
 * reaching twice as far, the finer step over ±25 %. About 2,000 contracts for a $10–$100 stock,
 * where the default listing has about 600.
 */
export const LARGE_CHAIN_LISTING: Readonly<SimListing> = Object.freeze({
  weeklies: 12,
  monthlies: 9,
  quarterlies: 5,
  leapsYears: 2,
  strikeReach: 2,
  nearBand: 0.25,
});

export interface SimChainInput {
  market: SimMarket;
  underlying: string;
  /** New York date of the scrape. */
  asOf: string;
  /** The nearest n expirations on or after asOf. */
  expirations: number;
  /** Nothing after now is quoted: the sim never invents the future. */
  now: Date;
  /** Default: the ordinary listing (listExpirations' and strikeGrid's defaults). */
  listing?: SimListing;
}

export interface SimChain {
  /** The underlying price the chain was priced at, and when it traded. */
  spot: number;
  quotedAt: Date;
  snapshots: OptionSnapshot[];
}

/** OCC roots are letters and digits only (BRK.B trades options as BRKB), at most 6 of them. */
export function simOccRoot(underlying: string): string {
  return underlying.replace(/[^A-Z0-9]/g, '').slice(0, 6);
}

// + 0 turns -0 (a tiny negative greek rounded) into 0, which JSON and equality treat alike.
const round6 = (x: number) => round(x * 1e6) / 1e6 + 0;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** The session whose prices the chain uses: asOf's, or the last one before it that has opened by now. */
function quoteSession(market: SimMarket, asOf: string, nowMs: number): Session {
  const clock = market.clock;
  const s = clock.session(asOf) ?? clock.previousSession(asOf);
  return s.open.getTime() <= nowMs ? s : clock.previousSession(s.date);
}

/** The underlying's last traded price by now in the session (the open in its first quarter hour). */
function spotAt(market: SimMarket, underlying: string, session: Session, nowMs: number): { spot: number; at: number } {
  const bars = market.m15Bars(underlying, session);
  const done = bars.filter((b) => b.ts.getTime() + M15_MS <= nowMs);
  const last = done[done.length - 1];
  if (last === undefined) return { spot: bars[0]!.open, at: session.open.getTime() };
  return { spot: last.close, at: min(last.ts.getTime() + M15_MS, session.close.getTime()) };
}

export function simOptionChain(input: SimChainInput): SimChain {
  const { market, underlying, asOf } = input;
  const nowMs = input.now.getTime();
  if (asOf > nyDate(input.now)) throw new RangeError(`asOf ${asOf} is after today (${nyDate(input.now)})`);
  const { strikeReach = 1, nearBand, ...expirationCounts } = input.listing ?? {};
  if (!(strikeReach > 0) || !Number.isFinite(strikeReach)) throw new RangeError(`strikeReach must be positive, got ${strikeReach}`);
  const root = simOccRoot(underlying);
  if (!/^[A-Z]/.test(root)) throw new RangeError(`no OCC root can be made from underlying '${underlying}'`);

  const session = quoteSession(market, asOf, nowMs);
  const { spot, at } = spotAt(market, underlying, session, nowMs);
  const regime = market.regime(underlying, session)!;
  const surface = volSurface(spot, regime.dailyVol, regime.longRunVol);
  const sessionShare = (at - session.open.getTime()) / (session.close.getTime() - session.open.getTime());
  const strikeStep = strikeSteps(spot).near;
  const quotedAt = new Date(at);
  const day = dayNumber(session.date);

  const snapshots: OptionSnapshot[] = [];
  for (const expiration of nearestExpirations(asOf, input.expirations, { ...expirationCounts, clock: market.clock })) {
    const expiryClose = (market.clock.session(expiration.date)?.close ?? nyWallTime(expiration.date, '16:00')).getTime();
    const years = max(0, expiryClose - at) / YEAR_MS;
    const daysToExpiry = max(0, dayNumber(expiration.date) - day);
    for (const strike of strikeGrid(spot, { range: simStrikeRange(years, strikeReach), nearBand })) {
      const vol = surface.iv(strike, years);
      const z = surface.moneyness(strike, years);
      for (const side of SIDES) {
        const contract = formatOcc({ root, expiry: expiration.date, side, strike });
        const g = bsGreeks({ side, spot, strike, years, vol, rate: SIM_RATE });
        const quote = quoteAround(g.price, z);
        const activity = contractActivity({
          seed: market.seed,
          contract,
          expiration,
          strike,
          strikeStep,
          spot,
          z,
          daysToExpiry,
          day,
          date: session.date,
          baseVolume: regime.baseVolume,
          volumeFactor: regime.volumeFactor,
          sessionShare,
        });
        const snap: OptionSnapshot = {
          contract,
          underlying,
          root,
          expiry: expiration.date,
          strike,
          side,
          bid: quote.bid,
          ask: quote.ask,
          volume: activity.volume,
          openInterest: activity.openInterest,
          iv: round(vol * 1e4) / 1e4,
          delta: round6(g.delta),
          gamma: round6(g.gamma),
          theta: round6(g.theta),
          vega: round6(g.vega),
          quotedAt,
        };
        if (activity.volume > 0) {
          // The last trade went off somewhere inside today's spread.
          const u = new Rng(hash32(market.seed, contract, session.date, 'last')).next();
          snap.last = round((quote.bid + (quote.ask - quote.bid) * u) * 100) / 100;
        }
        snapshots.push(snap);
      }
    }
  }
  return { spot, quotedAt, snapshots };
}
