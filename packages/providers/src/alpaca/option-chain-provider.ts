import { marketClock, nearestExpirations, type MarketClock } from '@marketfleet/market';
import { fetchAttempt, type FetchAttemptOptions } from '../http/fetch-attempt';
import { requestWithRetry, retryPolicy, type RetryContext, type RetryOptions } from '../http/retry';
import { checkChainRequest } from '../options/chain-request';
import { checkSnapshot, nearestChain } from '../options/snapshot-check';
import type { OptionChainProvider, OptionChainRequest, OptionChainResult, OptionSnapshot, ProviderHooks, QuarantinedOption } from '../types';
import { openInterestValue, parseOptionContractsPage } from './option-contracts';
import { alpacaOptionFields, parseOptionSnapshotsPage } from './option-snapshots';
import { allPages } from './paging';
import { alpacaResetAt } from './reference-provider';

export type OptionsFeed = 'opra' | 'indicative';

export interface AlpacaOptionChainProviderOptions extends RetryOptions {
  /** e.g. https://data.alpaca.markets, or a local fake. */
  dataUrl: string;
  /**
   * The trading host, for open interest from `/v2/options/contracts` (the snapshots have none):
   * one more request per chain, up to 10,000 contracts a page. Unset: no open interest.
   */
  tradingUrl?: string;
  keyId: string;
  secret: string;
  /** Unset: Alpaca's default (opra with a subscription, otherwise indicative). */
  optionsFeed?: OptionsFeed;
  /** Per attempt, including reading the body. Default 15 s. */
  timeoutMs?: number;
  hooks?: ProviderHooks;
  clock?: MarketClock;
  name?: string;
  /** Contracts per page, 1–1000 (the API's maximum, the default: fewest requests). */
  pageLimit?: number;
}

const CONTRACTS_PAGE_LIMIT = 10_000;

/**
 * Alpaca option chains from `/v1beta1/options/snapshots/{underlying}`, all pages (and open interest
 * from the trading host's `/v2/options/contracts` when it is given), with the retry,
 * 429 and hook semantics of the other Alpaca requests (every attempt passes beforeRequest, so the
 * fleet quota paces chains too). The window runs from asOf to the listing model's n-th expiration;
 * when the underlying lists more (daily expirations), the n nearest are kept. Contracts with a
 * malformed OCC symbol or an impossible quote are quarantined, never returned.
 */
export function createAlpacaOptionChainProvider(opts: AlpacaOptionChainProviderOptions): OptionChainProvider {
  const name = opts.name ?? 'alpaca';
  const clock = opts.clock ?? marketClock;
  const limit = opts.pageLimit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`pageLimit must be an integer in 1–1000, got ${limit}`);
  const http: FetchAttemptOptions = {
    timeoutMs: opts.timeoutMs ?? 15_000,
    headers: { Accept: 'application/json', 'APCA-API-KEY-ID': opts.keyId, 'APCA-API-SECRET-KEY': opts.secret },
    resetAt: alpacaResetAt,
    requestIdHeader: 'X-Request-ID',
  };
  const policy = retryPolicy(opts);
  const base = new URL(opts.dataUrl.replace(/\/*$/, '/'));
  const tradingBase = opts.tradingUrl === undefined ? undefined : new URL(opts.tradingUrl.replace(/\/*$/, '/'));

  function get<T>(ctx: RetryContext, url: URL, query: Record<string, string>, parse: (text: string) => T, signal?: AbortSignal) {
    const u = new URL(url);
    u.search = new URLSearchParams(query).toString();
    const href = u.toString();
    return requestWithRetry(ctx, (s) => fetchAttempt(href, http, s), (ok) => parse(ok.text), signal);
  }

  /** Open interest by contract for the window, or an empty map without a trading host. */
  async function openInterest(ctx: RetryContext, req: OptionChainRequest, window: Record<string, string>): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    if (tradingBase === undefined) return out;
    const url = new URL('v2/options/contracts', tradingBase);
    const query = { underlying_symbols: req.underlying, ...window, limit: String(CONTRACTS_PAGE_LIMIT) };
    await allPages(
      name,
      (token) => get(ctx, url, token === null ? query : { ...query, page_token: token }, parseOptionContractsPage, req.signal),
      (page) => {
        for (const [k, v] of page.openInterest) out.set(k, v);
        return page.openInterest.size;
      },
    );
    return out;
  }

  async function fetchChain(req: OptionChainRequest): Promise<OptionChainResult> {
    checkChainRequest(req);
    const ctx: RetryContext = { provider: name, hooks: opts.hooks ?? {}, policy, requests: 0 };
    const listed = nearestExpirations(req.asOf, req.expirations, { clock });
    const window: Record<string, string> = { expiration_date_gte: req.asOf };
    if (listed.length > 0) window.expiration_date_lte = listed[listed.length - 1]!.date;
    const interest = await openInterest(ctx, req, window);

    const query: Record<string, string> = { limit: String(limit), ...window };
    if (opts.optionsFeed !== undefined) query.feed = opts.optionsFeed;
    const url = new URL(`v1beta1/options/snapshots/${encodeURIComponent(req.underlying)}`, base);
    const snapshots: OptionSnapshot[] = [];
    const quarantined: QuarantinedOption[] = [];
    const kept = new Set<string>();
    const take = (contract: string, raw: unknown): void => {
      const fields = alpacaOptionFields(raw, req.asOf);
      if (typeof fields === 'string') {
        quarantined.push({ contract, raw, reason: fields });
        return;
      }
      if (interest.has(contract)) fields.openInterest = openInterestValue(interest.get(contract));
      const checked = checkSnapshot(contract, req.underlying, fields, raw);
      if (!checked.ok) quarantined.push(checked.rejection);
      else if (kept.has(contract)) quarantined.push({ contract, raw, reason: 'contract sent twice in one chain' });
      else {
        kept.add(contract);
        snapshots.push(checked.snapshot);
      }
    };
    await allPages(
      name,
      (token) => get(ctx, url, token === null ? query : { ...query, page_token: token }, parseOptionSnapshotsPage, req.signal),
      (page) => {
        for (const [contract, raw] of page.entries) take(contract, raw);
        return page.entries.length;
      },
    );
    return { provider: name, underlying: req.underlying, snapshots: nearestChain(snapshots, req.asOf, req.expirations), quarantined, requests: ctx.requests };
  }

  return { name, fetchChain };
}
