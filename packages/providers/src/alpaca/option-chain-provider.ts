import { marketClock, nearestExpirations, type MarketClock } from '@marketfleet/market';
import { ProviderResponseError } from '../errors';
import { fetchAttempt, type FetchAttemptOptions } from '../http/fetch-attempt';
import { requestWithRetry, retryPolicy, type RetryContext, type RetryOptions } from '../http/retry';
import { checkChainRequest } from '../options/chain-request';
import { checkSnapshot, nearestChain } from '../options/snapshot-check';
import type { OptionChainProvider, OptionChainRequest, OptionChainResult, OptionSnapshot, ProviderHooks, QuarantinedOption } from '../types';
import { alpacaOptionFields, parseOptionSnapshotsPage } from './option-snapshots';
import { alpacaResetAt } from './reference-provider';

export type OptionsFeed = 'opra' | 'indicative';

export interface AlpacaOptionChainProviderOptions extends RetryOptions {
  /** e.g. https://data.alpaca.markets, or a local fake. */
  dataUrl: string;
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

// A token on an empty page is legal, but an endless run of them is a server loop, not data.
const MAX_EMPTY_PAGES_IN_A_ROW = 5;

/**
 * Alpaca option chains from `/v1beta1/options/snapshots/{underlying}`, all pages, with the retry,
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

  function page(ctx: RetryContext, underlying: string, query: Record<string, string>, signal?: AbortSignal) {
    const u = new URL(`v1beta1/options/snapshots/${encodeURIComponent(underlying)}`, base);
    u.search = new URLSearchParams(query).toString();
    const url = u.toString();
    return requestWithRetry(ctx, (s) => fetchAttempt(url, http, s), (ok) => parseOptionSnapshotsPage(ok.text), signal);
  }

  async function fetchChain(req: OptionChainRequest): Promise<OptionChainResult> {
    checkChainRequest(req);
    const ctx: RetryContext = { provider: name, hooks: opts.hooks ?? {}, policy, requests: 0 };
    const listed = nearestExpirations(req.asOf, req.expirations, { clock });
    const query: Record<string, string> = { limit: String(limit), expiration_date_gte: req.asOf };
    if (listed.length > 0) query.expiration_date_lte = listed[listed.length - 1]!.date;
    if (opts.optionsFeed !== undefined) query.feed = opts.optionsFeed;

    const snapshots: OptionSnapshot[] = [];
    const quarantined: QuarantinedOption[] = [];
    const kept = new Set<string>();
    const seenTokens = new Set<string>();
    let token: string | null = null;
    let emptyInARow = 0;
    for (;;) {
      const got = await page(ctx, req.underlying, token === null ? query : { ...query, page_token: token }, req.signal);
      for (const [contract, raw] of got.entries) {
        const fields = alpacaOptionFields(raw, req.asOf);
        const checked =
          typeof fields === 'string'
            ? { ok: false as const, rejection: { contract, raw, reason: fields } }
            : checkSnapshot(contract, req.underlying, fields, raw);
        if (!checked.ok) quarantined.push(checked.rejection);
        else if (kept.has(contract)) quarantined.push({ contract, raw, reason: 'contract sent twice in one chain' });
        else {
          kept.add(contract);
          snapshots.push(checked.snapshot);
        }
      }
      const next = got.nextPageToken;
      if (next === null || next === '') break;
      // Stopping on a repeated token would hand back a silently partial chain; the caller's retry is better.
      if (seenTokens.has(next)) throw new ProviderResponseError(name, `pagination repeated a page token after ${seenTokens.size + 1} pages`);
      emptyInARow = got.entries.length === 0 ? emptyInARow + 1 : 0;
      if (emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) throw new ProviderResponseError(name, `pagination stalled: ${emptyInARow} empty pages with tokens`);
      seenTokens.add(next);
      token = next;
    }
    return { provider: name, underlying: req.underlying, snapshots: nearestChain(snapshots, req.asOf, req.expirations), quarantined, requests: ctx.requests };
  }

  return { name, fetchChain };
}
