import type { Timeframe } from '@marketfleet/market-clock';

/** One OHLCV bar on our grid; `ts` is the bar start in UTC. Prices are raw (unadjusted). */
export interface Bar {
  ts: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number | null;
  tradeCount: number | null;
}

/** Bars with from <= ts < to. Callers pass whole sessions. */
export interface BarsRequest {
  symbols: string[];
  timeframes: Timeframe[];
  from: Date;
  to: Date;
  signal?: AbortSignal;
}

export interface SeriesResult {
  symbol: string;
  timeframe: Timeframe;
  bars: Bar[];
}

/** A bar the provider sent but we refuse to store; `raw` is kept for the fetch ledger. */
export interface QuarantinedBar {
  symbol: string;
  timeframe: Timeframe;
  ts: Date | null;
  raw: unknown;
  reason: string;
}

export interface RejectedSymbol {
  symbol: string;
  reason: string;
}

export interface BarsResult {
  provider: string;
  /** One per symbol × timeframe requested; a series may be empty. */
  series: SeriesResult[];
  quarantined: QuarantinedBar[];
  /** HTTP requests made, retries and pages included. */
  requests: number;
  /** Extended-hours bars the provider sent that lie outside the regular session. */
  droppedOutsideSession: number;
  /** Symbols the provider refused (e.g. `invalid symbol: X`); their series are empty. */
  rejectedSymbols?: RejectedSymbol[];
  /** Set by the provider router: the providers that failed (or were skipped) before `provider` answered. */
  attempts?: ProviderAttempt[];
}

/** One provider the router could not use for a request, and why (`ErrorName: message`). */
export interface ProviderAttempt {
  provider: string;
  error: string;
}

export interface MarketDataProvider {
  readonly name: string;
  fetchBars(req: BarsRequest): Promise<BarsResult>;
}

export interface ResponseInfo {
  provider: string;
  status: number | 'network' | 'timeout';
  durationMs: number;
  requestId?: string;
}

export interface ProviderHooks {
  /** Awaited before every HTTP request (pages and retries too); a fleet-wide quota gate plugs in here. */
  beforeRequest?(provider: string): Promise<void>;
  onResponse?(info: ResponseInfo): void;
}
