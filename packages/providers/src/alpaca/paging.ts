import { ProviderRequestError, ProviderResponseError } from '../errors';
import type { RejectedSymbol } from '../types';
import { requestPage, type RequestContext } from './retry';
import type { BarsQuery } from './transport';

// A token on an empty page is legal, but an endless run of them is a server loop, not data.
const MAX_EMPTY_PAGES_IN_A_ROW = 5;

/**
 * Follows next_page_token to the end (option chains, contracts, corporate actions); a repeated
 * token or a run of empty pages is the server's fault. `onPage` takes a page's items and returns
 * how many it had.
 */
export async function allPages<P extends { nextPageToken: string | null }>(
  provider: string,
  fetchPage: (token: string | null) => Promise<P>,
  onPage: (page: P) => number,
): Promise<void> {
  const seen = new Set<string>();
  let token: string | null = null;
  let emptyInARow = 0;
  for (;;) {
    const page = await fetchPage(token);
    const count = onPage(page);
    const next = page.nextPageToken;
    if (next === null || next === '') return;
    // Stopping on a repeated token would hand back a silently partial chain; the caller's retry is better.
    if (seen.has(next)) throw new ProviderResponseError(provider, `pagination repeated a page token after ${seen.size + 1} pages`);
    emptyInARow = count === 0 ? emptyInARow + 1 : 0;
    if (emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) throw new ProviderResponseError(provider, `pagination stalled: ${emptyInARow} empty pages with tokens`);
    seen.add(next);
    token = next;
  }
}

export interface FetchedBars {
  /** Raw bars per symbol, appended across pages in order. */
  bars: Map<string, unknown[]>;
  rejected: RejectedSymbol[];
}

async function fetchAllPages(
  ctx: RequestContext,
  q: Omit<BarsQuery, 'pageToken'>,
  signal: AbortSignal | undefined,
): Promise<Map<string, unknown[]>> {
  const acc = new Map<string, unknown[]>();
  const seen = new Set<string>();
  let token: string | undefined;
  let emptyInARow = 0;
  for (;;) {
    const page = await requestPage(ctx, token === undefined ? q : { ...q, pageToken: token }, signal);
    let count = 0;
    // Results are sorted by symbol then time and a page may end mid-symbol: append per symbol.
    for (const [symbol, list] of page.bars) {
      let into = acc.get(symbol);
      if (into === undefined) acc.set(symbol, (into = []));
      for (const bar of list) into.push(bar);
      count += list.length;
    }
    const next = page.nextPageToken;
    // Only null ends the stream; a short page doesn't. '' and a repeated token would loop forever.
    if (next === null || next === '' || seen.has(next)) return acc;
    emptyInARow = count === 0 ? emptyInARow + 1 : 0;
    if (emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
      throw new ProviderResponseError(ctx.provider, `pagination stalled: ${emptyInARow} empty pages with tokens`);
    }
    seen.add(next);
    token = next;
  }
}

/**
 * All pages for one symbol batch. Alpaca fails the whole batch on one refused symbol
 * (`invalid symbol: X`), so X is set aside and the rest is asked again; a batch of one has nothing
 * to salvage and the error stands.
 */
export async function fetchBatch(
  ctx: RequestContext,
  q: Omit<BarsQuery, 'pageToken'>,
  signal: AbortSignal | undefined,
): Promise<FetchedBars> {
  let symbols = q.symbols;
  const rejected: RejectedSymbol[] = [];
  for (;;) {
    try {
      return { bars: await fetchAllPages(ctx, { ...q, symbols }, signal), rejected };
    } catch (err) {
      const bad = err instanceof ProviderRequestError ? err.invalidSymbol : undefined;
      if (bad === undefined || symbols.length < 2 || !symbols.includes(bad)) throw err;
      rejected.push({ symbol: bad, reason: (err as ProviderRequestError).message });
      symbols = symbols.filter((s) => s !== bad);
    }
  }
}
