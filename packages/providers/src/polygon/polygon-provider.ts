import { ProviderResponseError } from '../errors';
import type { DailyLeg, IntradayLeg } from '../bars/fetch-plan';
import { fetchAttempt, type FetchAttemptOptions } from '../http/fetch-attempt';
import { createPerSymbolProvider, type HttpProviderOptions, type LegAnswer } from '../http/per-symbol-provider';
import { requestWithRetry, type RetryContext } from '../http/retry';
import type { MarketDataProvider } from '../types';
import { parseAggsPage, toPolygonBar } from './parse';

export interface PolygonProviderOptions extends HttpProviderOptions {
  /** e.g. https://api.polygon.io (api.massive.com answers the same), or a local fake. */
  apiUrl: string;
  apiKey: string;
  /**
   * 'query' sends `apiKey=` as the docs show; 'header' sends `Authorization: Bearer`, which keeps
   * the key out of URLs that proxies log.
   */
  auth?: 'query' | 'header';
}

// A page with a next_url but no bars is legal; an endless run of them is a server loop, not data.
const MAX_EMPTY_PAGES_IN_A_ROW = 5;

/**
 * Polygon (Massive) aggregates, one ticker per request: 15/30-minute bars (epoch-aligned, so they
 * land on 09:30) feed m15/h1/h4, and daily bars stamped at New York midnight feed d1/w1. Minute
 * aggregates include extended hours, which normalization drops.
 */
export function createPolygonProvider(opts: PolygonProviderOptions): MarketDataProvider {
  const base = new URL(opts.apiUrl.replace(/\/*$/, '/'));
  const auth = opts.auth ?? 'query';
  const http: FetchAttemptOptions = {
    timeoutMs: opts.timeoutMs ?? 15_000,
    headers: { Accept: 'application/json', ...(auth === 'header' ? { Authorization: `Bearer ${opts.apiKey}` } : {}) },
  };

  function withKey(u: URL): string {
    if (auth === 'query') u.searchParams.set('apiKey', opts.apiKey);
    return u.toString();
  }

  /**
   * next_url names Polygon's public host whatever host we asked; it is re-based on ours so a proxy
   * or fake keeps answering, and the key only ever goes where it was configured to go.
   */
  function follow(next: string): string {
    const u = new URL(next, base);
    u.protocol = base.protocol;
    u.host = base.host;
    return withKey(u);
  }

  async function fetchAll(ctx: RetryContext, firstUrl: string, signal: AbortSignal | undefined): Promise<LegAnswer> {
    const raws: unknown[] = [];
    const seen = new Set<string>();
    let url = firstUrl;
    let emptyInARow = 0;
    for (;;) {
      const page = await requestWithRetry(ctx, (s) => fetchAttempt(url, http, s), (ok) => parseAggsPage(ok.text), signal);
      for (const r of page.results) raws.push(r);
      if (page.nextUrl === null || seen.has(page.nextUrl)) return { raws };
      emptyInARow = page.results.length === 0 ? emptyInARow + 1 : 0;
      if (emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
        throw new ProviderResponseError(ctx.provider, `pagination stalled: ${emptyInARow} empty pages with next_url`);
      }
      seen.add(page.nextUrl);
      url = follow(page.nextUrl);
    }
  }

  function aggsUrl(symbol: string, multiplier: number, timespan: 'minute' | 'day', from: string, to: string): string {
    const u = new URL(`v2/aggs/ticker/${encodeURIComponent(symbol)}/range/${multiplier}/${timespan}/${from}/${to}`, base);
    // Raw prices: adjustments are derived at read time from corporate actions (DESIGN.md, data rules).
    u.search = new URLSearchParams({ adjusted: 'false', sort: 'asc', limit: '50000' }).toString();
    return withKey(u);
  }

  return createPerSymbolProvider({
    name: opts.name ?? 'polygon',
    options: opts,
    sourceMinutes: (wanted) => (wanted.includes('m15') ? 15 : 30),
    intraday: {
      // Millisecond bounds, both inclusive on Polygon's side.
      fetch: (ctx, symbol, leg: IntradayLeg, signal) =>
        fetchAll(ctx, aggsUrl(symbol, leg.minutes, 'minute', String(leg.start.getTime()), String(leg.end.getTime() - 1)), signal),
      parse: toPolygonBar,
    },
    daily: {
      fetch: (ctx, symbol, leg: DailyLeg, signal) => fetchAll(ctx, aggsUrl(symbol, 1, 'day', leg.firstDate, leg.lastDate), signal),
      parse: toPolygonBar,
      stamp: 'midnight',
    },
  });
}
