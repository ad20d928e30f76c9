import type { SnapshotQuote, StoredOptionQuote } from '@marketfleet/db';
import type { ChainContract, ContractQuote, UnderlyingForecast } from '@marketfleet/ml';
import type { ForecastRow } from '@marketfleet/db';

const opt = (x: number | null): number | undefined => (x === null ? undefined : x);

/** A stored quote as the ranking reads it: missing values are absent, not null. */
export function toChainContract(q: StoredOptionQuote): ChainContract {
  return {
    symbol: q.contract, expiry: q.expiry, strike: q.strike, side: q.side, bid: opt(q.bid), ask: opt(q.ask), last: opt(q.last),
    volume: opt(q.volume), openInterest: opt(q.openInterest), iv: opt(q.iv), delta: opt(q.delta), gamma: opt(q.gamma),
    theta: opt(q.theta), vega: opt(q.vega),
  };
}

export function toContractQuote(q: SnapshotQuote): ContractQuote {
  return { bid: opt(q.bid), ask: opt(q.ask), last: opt(q.last), volume: opt(q.volume), openInterest: opt(q.openInterest), iv: opt(q.iv) };
}

/**
 * The daily forecast as the tilt reads it. Agreement is the share of the ensemble's models whose
 * expected return points the label's way (the seed stored 0 or 1 for its two models).
 */
export function toUnderlyingForecast(f: ForecastRow): UnderlyingForecast {
  const parts = Object.values(f.components ?? {});
  const sign = f.label === 'bullish' ? 1 : f.label === 'bearish' ? -1 : 0;
  const agreeing = parts.filter((p) => Math.sign(p.expectedReturn) === sign && sign !== 0).length;
  return { label: f.label, confidence: f.confidence, agreement: parts.length > 0 ? agreeing / parts.length : 0, runAt: f.runAt };
}
