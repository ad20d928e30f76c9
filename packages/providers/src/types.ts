import type { Bar, CalendarDay, OptionQuote, OptionSide, Timeframe } from '@marketfleet/market';

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

/**
 * One corporate action as the provider reported it. `type` is the provider's singular name
 * (forward_split, reverse_split, unit_split, cash_dividend, stock_dividend, spin_off, name_change,
 * cash_merger, stock_merger, stock_and_cash_merger, redemption, worthless_removal,
 * rights_distribution, or a type added later, passed through). Dates are New York 'YYYY-MM-DD'.
 */
export interface CorporateAction {
  symbol: string;
  type: string;
  /** The ex-date; for types without one, the effective or process date. */
  exDate: string;
  recordDate: string | null;
  payableDate: string | null;
  processDate: string | null;
  /** Splits: new shares per old share (4 for 4:1, 0.1 for 1:10); stock dividends: 1 + rate. */
  ratio: number | null;
  /** Cash dividends: amount per share. */
  cashAmount: number | null;
  providerId: string | null;
  /** The provider's item as received, unknown fields included. */
  detail: Record<string, unknown>;
}

/** Dates are New York 'YYYY-MM-DD', both ends inclusive. */
export interface CorporateActionsRequest {
  symbols: string[];
  from: string;
  to: string;
  signal?: AbortSignal;
}

/** The market calendar and corporate actions: what turns raw bars into sessions and adjusted series. */
export interface ReferenceDataProvider {
  readonly name: string;
  /** Trading days only, ascending, with New York wall-clock open and close. */
  getCalendar(from: string, to: string, signal?: AbortSignal): Promise<CalendarDay[]>;
  /**
   * Every action of these symbols whose ex-date lies in [from, to]. A provider that filters by
   * another date (Alpaca: the process date) may also return actions just outside the window.
   */
  getCorporateActions(req: CorporateActionsRequest): Promise<CorporateAction[]>;
}

/** Which expirations of an underlying's chain to fetch. */
export interface OptionChainRequest {
  underlying: string;
  /** The nearest n expirations on or after `asOf` (New York date). */
  expirations: number;
  /** New York 'YYYY-MM-DD': the session the scrape belongs to. */
  asOf: string;
  signal?: AbortSignal;
}

/**
 * One contract's snapshot as the provider sent it. Every quote field is optional (Alpaca sends
 * `{}` snapshots); the contract fields come from its OCC symbol, adjusted roots included.
 */
export interface OptionSnapshot extends OptionQuote {
  /** OCC symbol without padding, e.g. AAPL240119C00190000 or AAPL1240119C00190000. */
  contract: string;
  underlying: string;
  /** The OCC root (differs from the underlying for adjusted contracts). */
  root: string;
  expiry: string;
  strike: number;
  side: OptionSide;
  /** Contracts offered at the bid and ask, when the provider says. */
  bidSize?: number;
  askSize?: number;
  /** When the provider last quoted it; absent when unknown. */
  quotedAt?: Date;
}

/** A contract the provider sent that we refuse to store, with why. */
export interface QuarantinedOption {
  contract: string | null;
  raw: unknown;
  reason: string;
}

export interface OptionChainResult {
  provider: string;
  underlying: string;
  snapshots: OptionSnapshot[];
  quarantined: QuarantinedOption[];
  /** HTTP requests made, retries and pages included. */
  requests: number;
  attempts?: ProviderAttempt[];
}

/** Option chains: Alpaca snapshots, Tradier chains, the simulated listing. */
export interface OptionChainProvider {
  readonly name: string;
  fetchChain(req: OptionChainRequest): Promise<OptionChainResult>;
}
