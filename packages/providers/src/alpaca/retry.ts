import { requestWithRetry, type RetryContext } from '../http/retry';
import { parseBarsPage, type BarsPage } from './parse';
import type { BarsQuery, BarsTransport } from './transport';

export interface RequestContext extends RetryContext {
  transport: BarsTransport;
}

/** Fetches and parses one page of `/v2/stocks/bars` under the shared retry policy. */
export function requestPage(ctx: RequestContext, q: BarsQuery, signal?: AbortSignal): Promise<BarsPage> {
  return requestWithRetry(ctx, (s) => ctx.transport(q, s), (ok) => parseBarsPage(ok.text), signal);
}
