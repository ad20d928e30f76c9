import { addDays } from '@marketfleet/market';
import type { OkAttempt } from '../http/attempt';
import { fetchAttempt, retryAfter, type FetchAttemptOptions } from '../http/fetch-attempt';
import { requestWithRetry, retryPolicy, type RetryContext, type RetryOptions } from '../http/retry';
import { checkDateRange, normalizeActionsRequest } from '../reference-request';
import type { CorporateAction, ProviderHooks, ReferenceDataProvider } from '../types';
import { parseCalendar } from './calendar';
import { parseActionsPage } from './corporate-actions';
import { allPages } from './paging';

export interface AlpacaReferenceProviderOptions extends RetryOptions {
  /** Corporate actions, e.g. https://data.alpaca.markets, or a local fake. */
  dataUrl: string;
  /** The calendar, e.g. https://api.alpaca.markets (paper-api for paper accounts), or a local fake. */
  tradingUrl: string;
  keyId: string;
  secret: string;
  /** Per attempt, including reading the body. Default 15 s. */
  timeoutMs?: number;
  hooks?: ProviderHooks;
  name?: string;
  /** Long symbol lists get 414 Request-URI Too Large, so they are split. Default 100. */
  maxSymbolsPerRequest?: number;
}

// The API filters corporate actions by process date, which for a dividend is its payable date,
// weeks after the ex-date; splits are processed on the ex-date. Ask a wider window, keep it all.
const PROCESS_BEFORE_EX_DAYS = 7;
const PROCESS_AFTER_EX_DAYS = 90;
const PAGE_LIMIT = 1000;

/** X-RateLimit-Reset is when the quota frees up, in epoch seconds; Retry-After if it is ever sent. */
export function alpacaResetAt(headers: Headers, nowMs: number): Date | undefined {
  const v = Number(headers.get('X-RateLimit-Reset') ?? Number.NaN);
  if (Number.isFinite(v) && v > 0) return new Date(v * 1000);
  return retryAfter(headers, nowMs);
}

function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

const byExDate = (a: CorporateAction, b: CorporateAction) =>
  a.exDate < b.exDate ? -1 : a.exDate > b.exDate ? 1 : a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0;

/**
 * Alpaca's calendar (`/v2/calendar`, trading host) and corporate actions (`/v1/corporate-actions`,
 * data host) over plain fetch, with the same retry, 429 and hook semantics as the bar providers:
 * every HTTP attempt passes beforeRequest, so the fleet quota covers these requests too.
 */
export function createAlpacaReferenceProvider(opts: AlpacaReferenceProviderOptions): ReferenceDataProvider {
  const name = opts.name ?? 'alpaca';
  const http: FetchAttemptOptions = {
    timeoutMs: opts.timeoutMs ?? 15_000,
    headers: { Accept: 'application/json', 'APCA-API-KEY-ID': opts.keyId, 'APCA-API-SECRET-KEY': opts.secret },
    resetAt: alpacaResetAt,
    requestIdHeader: 'X-Request-ID',
  };
  const policy = retryPolicy(opts);
  const batchSize = opts.maxSymbolsPerRequest ?? 100;
  // A trailing slash keeps any path prefix on the base when relative paths are resolved against it.
  const dataBase = new URL(opts.dataUrl.replace(/\/*$/, '/'));
  const tradingBase = new URL(opts.tradingUrl.replace(/\/*$/, '/'));
  const context = (): RetryContext => ({ provider: name, hooks: opts.hooks ?? {}, policy, requests: 0 });

  function get<T>(
    ctx: RetryContext,
    base: URL,
    path: string,
    query: Record<string, string>,
    parse: (ok: OkAttempt) => T,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const u = new URL(path, base);
    u.search = new URLSearchParams(query).toString();
    const url = u.toString();
    return requestWithRetry(ctx, (s) => fetchAttempt(url, http, s), parse, signal);
  }

  async function actionsFor(
    ctx: RetryContext,
    symbols: string[],
    window: { start: string; end: string },
    ours: ReadonlySet<string>,
    signal: AbortSignal | undefined,
  ): Promise<CorporateAction[]> {
    const out: CorporateAction[] = [];
    await allPages(
      name,
      (token) => {
        const query: Record<string, string> = { symbols: symbols.join(','), ...window, limit: String(PAGE_LIMIT) };
        if (token !== null) query.page_token = token;
        return get(ctx, dataBase, 'v1/corporate-actions', query, (ok) => parseActionsPage(ok.text, ours, { provider: name, requestId: ok.requestId }), signal);
      },
      (page) => (out.push(...page.actions), page.count),
    );
    return out;
  }

  return {
    name,
    async getCalendar(from, to, signal) {
      checkDateRange(from, to);
      const parse = (ok: OkAttempt) => parseCalendar(ok.text, { from, to }, { provider: name, requestId: ok.requestId });
      return get(context(), tradingBase, 'v2/calendar', { start: from, end: to }, parse, signal);
    },

    async getCorporateActions(req) {
      const symbols = normalizeActionsRequest(req);
      if (symbols.length === 0) return [];
      const ctx = context();
      const ours = new Set(symbols);
      const window = { start: addDays(req.from, -PROCESS_BEFORE_EX_DAYS), end: addDays(req.to, PROCESS_AFTER_EX_DAYS) };
      const all: CorporateAction[] = [];
      const kept = new Set<string>();
      for (const batch of chunk(symbols, batchSize)) {
        for (const a of await actionsFor(ctx, batch, window, ours, req.signal)) {
          // A spin-off or merger of two of our symbols is listed once per batch that names either.
          const key = a.providerId ?? `${a.type}|${JSON.stringify(a.detail)}`;
          if (kept.has(key)) continue;
          kept.add(key);
          all.push(a);
        }
      }
      return all.sort(byExDate);
    },
  };
}
