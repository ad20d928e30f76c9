// Entry-mode ranking of an option chain: the seed's nightly OptionsMomentumRanker
// (seed-ml.md §4.2), with its bugs replaced by inputs the caller sets (see EntryContext).

import { type MarketClock, marketClock, parseDate } from '@marketfleet/market';
import {
  compositeScore,
  entryDifficulty,
  greeksScore,
  ivRank,
  liquidityConfidence,
  momentumScore,
  relativeValue,
  smoothMomentum,
  stabilityScore,
  valueScore,
  volumeProxyMomentum,
} from './entry-scores';
import { ivCurveFlags } from './iv-curve';
import { ivStatsAgeSessions } from './iv-stats';
import { ivOf, markOf, nonNeg, num, priceOf, quotedMid, spreadPctOf } from './quote';
import { entrySignals } from './signals';
import {
  type ChainContract,
  type ContractQuote,
  type EntryScore,
  type ImputedField,
  type IvStats,
  type PreviousScore,
  type SkipReason,
  type PriceTrend,
} from './types';

export interface EntryContext {
  /** The run's session date, YYYY-MM-DD: contracts expiring before it are skipped, DTE counts from it. */
  asOf: string;
  /** The underlying's trend, e.g. trendFromCloses(last 20 daily closes). */
  trend: PriceTrend;
  /** 52-week ATM IV statistics (atmIvStats); without them IV rank uses the chain's own IV range. */
  ivStats?: IvStats | null;
  /**
   * Fix for the seed's always-stale IV: Value is cut by 20 % only when the statistics are more
   * than this many sessions old (2 is a sensible default). The seed never set `last_updated`, so it
   * cut every contract whenever statistics existed; −1 reproduces that.
   */
  ivStatsMaxAgeSessions: number;
  /**
   * Fix for the seed's momentum reference: per contract symbol, the snapshot that price momentum,
   * OI growth and relative value compare against. The seed compared against the most recent
   * snapshot although the formulas were meant as 5-day changes; pass the snapshot five sessions
   * back for the intended behaviour. Undefined or empty means no history at all (volume proxy).
   */
  reference?: ReadonlyMap<string, ContractQuote>;
  /** The previous run's scores by contract symbol, for smoothing and stability. */
  previous?: ReadonlyMap<string, PreviousScore>;
  clock?: MarketClock;
}

export interface EntryRanking {
  /** Sorted by composite, descending (ties by symbol). */
  scored: EntryScore[];
  /** Contracts that could not be scored, with the reason. */
  skipped: { symbol: string; reason: SkipReason }[];
  /** Whether the IV statistics counted as stale (false without statistics). */
  ivStale: boolean;
}

function skipReason(c: ChainContract, asOf: string): SkipReason | null {
  const strike = num(c.strike);
  const valid =
    typeof c.symbol === 'string' && c.symbol.length > 0 && typeof c.expiry === 'string' && parseDate(c.expiry) !== null &&
    (c.side === 'call' || c.side === 'put') && strike !== undefined && strike > 0;
  if (!valid) return 'invalid-contract';
  if (c.expiry < asOf) return 'expired';
  return priceOf(c) === undefined ? 'no-price' : null;
}

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/**
 * Scores every contract of a chain for buying. A contract is skipped when it is malformed,
 * expired, or has no positive price (mid, mark or last); a missing IV or greek gets a neutral
 * sub-score and is listed in `imputed`; missing volume or open interest counts as 0.
 */
export function rankEntry(chain: readonly ChainContract[], ctx: EntryContext): EntryRanking {
  if (parseDate(ctx.asOf) === null) throw new RangeError(`asOf must be YYYY-MM-DD, got ${ctx.asOf}`);
  const skipped: EntryRanking['skipped'] = [];
  const live: ChainContract[] = [];
  for (const c of chain) {
    const reason = skipReason(c, ctx.asOf);
    if (reason === null) live.push(c);
    else skipped.push({ symbol: String(c.symbol), reason });
  }

  const stats = ctx.ivStats ?? null;
  const age = stats === null ? null : ivStatsAgeSessions(stats, ctx.asOf, ctx.clock ?? marketClock);
  // Fix: the seed cut Value for any statistics (it never set last_updated); now only for old
  // ones. Statistics of unknown age count as stale.
  const ivStale = stats !== null && (age === null || age > ctx.ivStatsMaxAgeSessions);
  const chainIvs = live.map(ivOf).filter((v): v is number => v !== undefined);
  const ivRange =
    stats !== null
      ? { lo: stats.low, hi: stats.high }
      : chainIvs.length > 0
        ? { lo: Math.min(...chainIvs), hi: Math.max(...chainIvs) }
        : null;
  const refs = ctx.reference;
  const hasHistory = refs !== undefined && refs.size > 0;
  const maxVolume = live.reduce((m, c) => Math.max(m, nonNeg(c.volume) ?? 0), 0);
  const curve = ivCurveFlags(live);

  const scored = live.map((c): EntryScore => {
    const imputed: ImputedField[] = [];
    const iv = ivOf(c);
    if (iv === undefined) imputed.push('iv');
    const volume = nonNeg(c.volume) ?? 0;
    const oiKnown = nonNeg(c.openInterest);
    const oi = oiKnown ?? 0;
    const price = priceOf(c)!;
    const spreadPct = spreadPctOf(c);
    const curveOk = curve.get(c.symbol) ?? true;

    const rank = ivRank(iv, ivRange);
    const value = valueScore(rank, spreadPct, { ivStale, curveOk });

    // Fix: the seed compared with its most recent snapshot; the caller now picks the reference.
    const ref = refs?.get(c.symbol);
    const refMark = markOf(ref);
    const r = !hasHistory
      ? volumeProxyMomentum(volume, maxVolume)
      : refMark === undefined
        ? 0
        : (markOf(c)! / refMark - 1) * 100;
    const volOi = oi > 0 ? volume / oi : 0;
    const refOi = nonNeg(ref?.openInterest);
    const g = oiKnown !== undefined && refOi !== undefined && refOi > 0 ? ((oiKnown - refOi) / refOi) * 100 : 0;
    const liquidity = liquidityConfidence(volume, oi, price);
    const momentumRaw = momentumScore(r, volOi, g, liquidity).momentum;

    const delta = num(c.delta);
    const gamma = num(c.gamma);
    const vega = num(c.vega);
    const theta = num(c.theta);
    if (delta === undefined) imputed.push('delta');
    if (gamma === undefined) imputed.push('gamma');
    if (vega === undefined) imputed.push('vega');
    if (theta === undefined) imputed.push('theta');
    const { greeks } = greeksScore({ side: c.side, trend: ctx.trend, delta, gamma, vega, theta, price });

    const ed = entryDifficulty(spreadPct, volOi);
    const rv = relativeValueOf(c, ref, iv, spreadPct);
    const compositeRaw = compositeScore(momentumRaw, value, greeks, ed, rv);
    const prev = usablePrevious(ctx.previous?.get(c.symbol));
    const momentum = prev === undefined ? momentumRaw : smoothMomentum(momentumRaw, prev.momentum);
    const composite = prev === undefined ? compositeRaw : compositeScore(momentum, value, greeks, ed, rv);
    const days = Math.max(num(stats?.days) ?? 0, 0);

    return {
      symbol: c.symbol,
      expiry: c.expiry,
      strike: c.strike,
      side: c.side,
      dte: daysBetween(ctx.asOf, c.expiry),
      composite,
      mlScore: composite / 100,
      momentum,
      value,
      greeks,
      ivRank: rank,
      spreadPct,
      volOiRatio: volOi,
      liquidityConfidence: liquidity,
      priceMomentum: r,
      oiGrowth: g,
      relativeValue: rv,
      entryDifficulty: ed,
      stability: prev === undefined ? null : stabilityScore(composite, prev.composite),
      ivCurveOk: curveOk,
      ivDataQuality: 0.4 * (stats !== null && !ivStale ? 1 : 0) + 0.4 * Math.min(days / 252, 1) + 0.2 * (curveOk ? 1 : 0),
      signals: entrySignals({ ivRank: rank, momentum, spreadPct, volume, volOi, delta, gamma, composite }),
      imputed,
      momentumRaw,
      compositeRaw,
    };
  });
  scored.sort((a, b) => b.composite - a.composite || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return { scored, skipped, ivStale };
}

// A stored score that is not a number would turn every smoothed figure into NaN; treat it as absent.
const usablePrevious = (p: PreviousScore | undefined): PreviousScore | undefined =>
  p !== undefined && Number.isFinite(p.momentum) && Number.isFinite(p.composite) ? p : undefined;

/** RV needs IVs and two-sided quotes now and in the reference; otherwise it is the seed's no-history 50. */
function relativeValueOf(c: ChainContract, ref: ContractQuote | undefined, iv: number | undefined, spreadPct: number): number {
  const ivRef = ivOf(ref);
  const mid = quotedMid(c);
  const refMid = quotedMid(ref);
  if (iv === undefined || ivRef === undefined || mid === undefined || !(mid > 0) || refMid === undefined || !(refMid > 0)) {
    return 50;
  }
  const spreadRef = spreadPctOf(ref);
  return spreadRef > 0 ? relativeValue(iv, ivRef, spreadPct, spreadRef) : 50;
}
