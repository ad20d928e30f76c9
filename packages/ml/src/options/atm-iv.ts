// The underlying's daily at-the-money implied volatility, the series IV rank is measured against.
// Chains carry no underlying price, so the money is found by put–call parity: at the strike
// nearest the forward, the call and the put cost about the same.

import { ivOf, quotedMid } from './quote';
import { type ChainContract } from './types';

export interface AtmIv {
  atmIv: number;
  expiry: string;
  strike: number;
}

const DAY_MS = 86_400_000;
/** The tenor ATM IV is read at: the expiry nearest a month out, as IV indexes do. */
const TARGET_DTE = 30;
/** Expiries this close carry event and pin noise; used only when nothing later is listed. */
const MIN_DTE = 7;

/**
 * ATM IV of a chain as of `asOf`: the expiry nearest 30 days (preferring ≥ 7 days), the strike
 * whose call and put mids are closest, and the mean of their positive IVs. Null when no strike
 * has both sides quoted with an IV.
 */
export function atmIvOf(chain: readonly ChainContract[], asOf: string): AtmIv | null {
  const asOfMs = Date.parse(asOf);
  if (!Number.isFinite(asOfMs)) throw new RangeError(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const pairs = new Map<string, { call?: ChainContract; put?: ChainContract }>();
  for (const c of chain) {
    if (!(c.expiry >= asOf) || !Number.isFinite(c.strike)) continue;
    const key = `${c.expiry}|${c.strike}`;
    const p = pairs.get(key) ?? {};
    p[c.side] = c;
    pairs.set(key, p);
  }
  const usable = [...pairs.values()].filter(
    (p): p is { call: ChainContract; put: ChainContract } =>
      p.call !== undefined && p.put !== undefined && (ivOf(p.call) !== undefined || ivOf(p.put) !== undefined) &&
      quotedMid(p.call) !== undefined && quotedMid(p.put) !== undefined,
  );
  if (usable.length === 0) return null;
  const dte = (e: string) => Math.round((Date.parse(e) - asOfMs) / DAY_MS);
  const expiries = [...new Set(usable.map((p) => p.call.expiry))];
  const later = expiries.filter((e) => dte(e) >= MIN_DTE);
  const pool = later.length > 0 ? later : expiries;
  const expiry = pool.reduce((best, e) => {
    const d = Math.abs(dte(e) - TARGET_DTE) - Math.abs(dte(best) - TARGET_DTE);
    return d < 0 || (d === 0 && e < best) ? e : best;
  });
  let best: { call: ChainContract; put: ChainContract } | null = null;
  let bestGap = Infinity;
  for (const p of usable) {
    if (p.call.expiry !== expiry) continue;
    const gap = Math.abs(quotedMid(p.call)! - quotedMid(p.put)!);
    if (gap < bestGap || (gap === bestGap && best !== null && p.call.strike < best.call.strike)) {
      best = p;
      bestGap = gap;
    }
  }
  const ivs = [ivOf(best!.call), ivOf(best!.put)].filter((v): v is number => v !== undefined);
  return { atmIv: ivs.reduce((a, b) => a + b, 0) / ivs.length, expiry, strike: best!.call.strike };
}
