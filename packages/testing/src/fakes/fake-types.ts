import type { MarketClock } from '@marketfleet/market';
import type { SimListing, SimMarket } from '@marketfleet/providers/sim';
import type { FakeBadBar } from './fake-bars-route';
import type { FakeBarData } from './fake-bar-data';
import type { FakeOptionData } from './fake-option-data';
import type { FakeCommonOptions } from './fake-http';

/** One injected failure, consumed by the next request that gets past auth and the rate limit. */
export type FakeFault =
  | { type: 'status'; status: number; message?: string }
  /** Never answer: the client's timeout must fire. */
  | { type: 'hang' }
  /** 200 with the JSON body cut in half (Content-Length matches what is sent). */
  | { type: 'truncate' }
  /** Destroy the socket without a response. */
  | { type: 'reset' }
  | { type: 'latency'; ms: number };

/** Alpaca's fake; `requestsPerMinute` defaults to 10,000 (Algo Trader Plus). */
export interface FakeAlpacaOptions extends FakeCommonOptions {
  clock?: MarketClock;
  /** Shares the sim (and its caches) with a sim provider, e.g. to compare results. */
  market?: SimMarket;
  /** Credentials the fake accepts. Default 'test-key' / 'test-secret'. */
  keyId?: string;
  secret?: string;
  /** 'unauthorized' answers every request 401, to exercise that path next to the usual 403. */
  authMode?: 'normal' | 'unauthorized';
  /** Answered `invalid symbol: X`. */
  refusedSymbols?: string[];
  /** 422 answers validation errors with `code` 42210000, as older Alpaca did. */
  validationStatus?: 400 | 422;
  /** A server-side cap below `limit`, to force paging with few bars. */
  maxPageSize?: number;
  /** Pages stop at about half their size although a token follows. */
  shortPages?: boolean;
  /** Thin pre/post-market bars on some days. Default true. */
  extendedHours?: boolean;
  /** Unknown fields on every bar and at the top level. */
  extraFields?: boolean;
  badBars?: FakeBadBar[];
  /** Bars that end after now() don't exist yet; the clock reads it; actions are announced relative to it. */
  now?: () => Date;
  /**
   * `/v2/calendar` days that differ from the market clock's rules: null closes the day, fields
   * replace or add to the day's entry (`{ close: '13:00' }`), served as given even when malformed.
   * `/v2/clock` follows the overrides when they parse.
   */
  calendarOverrides?: Record<string, Record<string, unknown> | null>;
  /** session_open/session_close/settlement_date on calendar days. Default true (older payloads lack them). */
  calendarSessionFields?: boolean;
  /** Extra `/v1/corporate-actions` items by plural type key (`name_changes`, even unknown ones), served as given. */
  extraCorporateActions?: Record<string, Record<string, unknown>[]>;
  /** The sim's own splits and dividends in `/v1/corporate-actions`. Default true. */
  simCorporateActions?: boolean;
  /**
   * How the option chains are listed, e.g. LARGE_CHAIN_LISTING for chains of thousands of contracts
   * that span several snapshot pages. Default the sim's ordinary listing, as the sim provider serves.
   * Fixed at start: `configure` does not change it.
   */
  optionListing?: SimListing;
  /** Every n-th contract of an option chain is sent as `{}`, as Alpaca does for contracts nobody quoted. */
  quietOptionsEvery?: number;
  /**
   * Option snapshots by OCC key, served as given in place of the sim's (or added to the chain):
   * crossed or negative quotes, adjusted roots such as `AAPL1…`, keys that are not OCC at all.
   */
  optionSnapshotOverrides?: Record<string, unknown>;
  /** Fields forced into a contract of `/v2/options/contracts` by OCC symbol, e.g. `{ open_interest: 'n/a' }`. */
  optionContractOverrides?: Record<string, Record<string, unknown>>;
}

/** One `/v2/calendar` day as Alpaca sends it; overrides may put anything in these fields. */
export interface FakeCalendarEntry {
  date: string;
  /** 'HH:MM' New York time. */
  open: string;
  close: string;
  /** 'HHMM', e.g. '0400' and '2000'. */
  session_open?: string;
  session_close?: string;
  settlement_date?: string;
  [extra: string]: unknown;
}

export interface FakeState {
  options: FakeAlpacaOptions;
  market: SimMarket;
  clock: MarketClock;
  data: FakeBarData;
  optionData: FakeOptionData;
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  state: FakeState;
  now: number;
}

export interface RouteResult {
  status: number;
  /** Pre-serialized: hot routes build JSON from cached strings. */
  json: string;
  barsServed?: number;
}

export interface FakeRoute {
  method: 'GET';
  /** Literal segments and `:name` placeholders, e.g. `/v2/stocks/:symbol/bars`. */
  path: string;
  handler(ctx: RouteContext): RouteResult;
}

export interface FakeStats {
  requests: number;
  byStatus: Record<string, number>;
  byRoute: Record<string, number>;
  barsServed: number;
  /** The most recent requests (bounded), for asserting on what a client sent and when (`at`, epoch ms on arrival). */
  log: { method: string; path: string; query: Record<string, string>; status: number | 'hang' | 'reset'; at: number }[];
}
