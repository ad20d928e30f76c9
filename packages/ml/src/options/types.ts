import { type OptionQuote, type OptionSide } from '@marketfleet/market';

/**
 * One contract's quote as providers send it: every field is optional (Alpaca snapshots may be
 * empty objects). A value that is absent, null, NaN or infinite counts as missing, and so does a
 * negative price, volume or open interest, or a non-positive IV.
 */
export interface ContractQuote extends OptionQuote {
  mark?: number;
}

export interface ChainContract extends ContractQuote {
  /** The contract's key (its OCC symbol): matches the reference snapshot and the previous run. */
  symbol: string;
  /** YYYY-MM-DD. */
  expiry: string;
  strike: number;
  side: OptionSide;
}

export type PriceTrend = 'bullish' | 'bearish' | 'neutral';

/** 52-week statistics of the underlying's daily ATM implied volatility. */
export interface IvStats {
  low: number;
  high: number;
  median: number;
  /** Daily observations behind the statistics (the data-quality score counts up to 252). */
  days: number;
  /** Date of the latest observation, which dates the statistics; null when unknown. */
  asOf: string | null;
}

/** What the previous run stored for a contract, for smoothing and stability. */
export interface PreviousScore {
  momentum: number;
  composite: number;
}

export type EntrySignal = 'DISCOUNT' | 'RUNNER' | 'GREEKS' | 'BUY';

/** Fields replaced by a neutral sub-score because the quote lacked them. */
export type ImputedField = 'iv' | 'delta' | 'gamma' | 'vega' | 'theta';

export type SkipReason = 'expired' | 'no-price' | 'invalid-contract';

export interface EntryScore {
  symbol: string;
  expiry: string;
  strike: number;
  side: OptionSide;
  /** Calendar days from the run date to expiry. */
  dte: number;
  /** 0–100 after smoothing; what the ranking sorts on. */
  composite: number;
  /** composite / 100, the seed's stored `ml_score`. */
  mlScore: number;
  momentum: number;
  value: number;
  greeks: number;
  ivRank: number;
  spreadPct: number;
  volOiRatio: number;
  liquidityConfidence: number;
  /** r, the contract's price change in percent against its reference snapshot. */
  priceMomentum: number;
  /** g, the open-interest change in percent against the reference snapshot. */
  oiGrowth: number;
  relativeValue: number;
  entryDifficulty: number;
  /** 100 − 2·|composite − previous composite|, clipped; null without a previous run. */
  stability: number | null;
  ivCurveOk: boolean;
  ivDataQuality: number;
  signals: EntrySignal[];
  imputed: ImputedField[];
  /** Momentum and composite before smoothing against the previous run. */
  momentumRaw: number;
  compositeRaw: number;
}
