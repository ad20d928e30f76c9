// The seed's IV-curve check: implied volatility should not jump between adjacent strikes, and a
// contract whose strike sits on a jump gets its Value score cut by 15 %.

import { ivOf, nonNeg, num } from './quote';
import { type ChainContract } from './types';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * The jump a contract's threshold is compared with, in percent: thin contracts get more room
 * because their quotes, and so their IVs, are noisier. 4 % for a liquid contract; otherwise 5 %
 * plus 2.5 for each of volume < 10, open interest < 50 and |delta| < 0.2 (a missing field counts
 * as failing its test, since an unknown quote is no more trustworthy than a thin one).
 */
export function ivJumpThreshold(c: ChainContract): number {
  const volume = nonNeg(c.volume);
  const oi = nonNeg(c.openInterest);
  const delta = num(c.delta);
  const thin =
    Number(volume === undefined || volume < 10) +
    Number(oi === undefined || oi < 50) +
    Number(delta === undefined || Math.abs(delta) < 0.2);
  return thin === 0 ? 4 : 5 + 2.5 * thin;
}

/**
 * Per contract symbol, whether its strike is on a smooth part of its expiry's IV curve. The curve
 * is the median IV of each strike (calls and puts together); a strike's jump is the larger of the
 * relative IV changes to its neighbours, |iv_i − iv_(i−1)| / iv_(i−1) · 100. Contracts without IV
 * pass: there is nothing on the curve to doubt.
 */
export function ivCurveFlags(contracts: readonly ChainContract[]): Map<string, boolean> {
  const byExpiry = new Map<string, Map<number, number[]>>();
  for (const c of contracts) {
    const iv = ivOf(c);
    if (iv === undefined) continue;
    const strikes = byExpiry.get(c.expiry) ?? new Map<number, number[]>();
    byExpiry.set(c.expiry, strikes);
    strikes.set(c.strike, [...(strikes.get(c.strike) ?? []), iv]);
  }
  const worstJump = new Map<string, number>();
  for (const [expiry, strikes] of byExpiry) {
    const ks = [...strikes.keys()].sort((a, b) => a - b);
    const ivs = ks.map((k) => median(strikes.get(k)!));
    const worst = ks.map(() => 0);
    for (let i = 1; i < ks.length; i++) {
      const jump = (Math.abs(ivs[i]! - ivs[i - 1]!) / ivs[i - 1]!) * 100;
      worst[i] = Math.max(worst[i]!, jump);
      worst[i - 1] = Math.max(worst[i - 1]!, jump);
    }
    ks.forEach((k, i) => worstJump.set(`${expiry}|${k}`, worst[i]!));
  }
  const flags = new Map<string, boolean>();
  for (const c of contracts) {
    const jump = ivOf(c) === undefined ? 0 : (worstJump.get(`${c.expiry}|${c.strike}`) ?? 0);
    flags.set(c.symbol, jump <= ivJumpThreshold(c));
  }
  return flags;
}
