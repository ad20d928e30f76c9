// The REST-only entry: same generated market-data layer, without the websocket clients.
import { marketData } from '@alpacahq/alpaca-trade-api/rest';
import type { Attempt } from '../http/attempt';

export type Feed = 'sip' | 'iex' | 'otc' | 'boats';

export interface BarsQuery {
  symbols: string[];
  timeframe: '15Min' | '30Min' | '1Day';
  start: Date;
  end: Date;
  pageToken?: string;
}

export interface TransportOptions {
  dataUrl: string;
  keyId: string;
  secret: string;
  feed: Feed;
  timeoutMs: number;
}

// The SDK always sends Dates as toISOString() (with .000); Alpaca's older docs refused fractional
// seconds, so whole-second RFC-3339 with Z is what goes on the wire. Callers pass whole seconds.
function stringifyQuery(params: marketData.HTTPQuery): string {
  const p = { ...params };
  for (const key of ['start', 'end']) {
    const v = p[key];
    if (typeof v === 'string') p[key] = v.replace(/\.000Z$/, 'Z');
  }
  return marketData.querystring(p);
}

/** The server's own error message; the SDK may append hints, and callers should see Alpaca's words. */
async function serverMessage(err: marketData.ApiError): Promise<string> {
  try {
    const text = await err.response.text();
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string') {
      return (parsed as { message: string }).message;
    }
    return text || err.message;
  } catch {
    return err.message;
  }
}

/**
 * One `GET /v2/stocks/bars` through the SDK's generated market-data layer with its own retry and
 * throttling switched off: retries, 429 waits and the quota gate are ours, so every attempt passes
 * through our hooks. The SDK's per-attempt deadline also covers reading the body, so a server that
 * hangs mid-body times out like one that never answers.
 */
export function createBarsTransport(opts: TransportOptions) {
  const config = new marketData.Configuration({
    basePath: opts.dataUrl.replace(/\/+$/, ''),
    keyId: opts.keyId,
    secret: opts.secret,
    timeoutMs: opts.timeoutMs,
    retry: { maxRetries: 0 },
    rateLimit: undefined,
    queryParamsStringify: stringifyQuery,
  });
  const api = new marketData.StockApi(config);

  return async function requestBars(q: BarsQuery, signal?: AbortSignal): Promise<Attempt> {
    try {
      const res = await api.stockBarsRaw(
        {
          symbols: q.symbols.join(','),
          timeframe: q.timeframe,
          start: q.start,
          end: q.end,
          limit: 10_000,
          adjustment: 'raw',
          feed: opts.feed,
          sort: 'asc',
          pageToken: q.pageToken,
        },
        signal ? { signal } : undefined,
      );
      const requestId = res.raw.headers.get('X-Request-ID') ?? undefined;
      const text = await res.raw.text();
      return { kind: 'ok', status: res.raw.status, requestId, text };
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      if (err instanceof marketData.ApiError) {
        return {
          kind: 'http',
          status: err.status,
          requestId: err.requestId,
          message: await serverMessage(err),
          code: err.code,
          resetAt: err.rateLimit?.reset,
        };
      }
      const cause = err instanceof marketData.FetchError ? err.cause : err;
      const name = (cause as { name?: unknown } | null)?.name;
      // The caller's signal isn't aborted (checked above), so an abort can only be the SDK's own
      // deadline. The SDK re-wraps a cross-realm TimeoutError as an AbortError, so accept both.
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      return { kind: timedOut ? 'timeout' : 'network', error: err };
    }
  };
}

export type BarsTransport = ReturnType<typeof createBarsTransport>;
