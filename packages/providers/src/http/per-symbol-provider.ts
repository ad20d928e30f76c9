import { marketClock, type MarketClock, type Timeframe } from '@marketfleet/market';
import { createCollector } from '../bars/collect';
import { planFetch, type DailyLeg, type IntradayLeg } from '../bars/fetch-plan';
import { normalizeDaily, normalizeIntraday, type DailyStamp, type ParsedBar } from '../bars/normalize';
import { normalizeRequest } from '../request';
import type { BarsRequest, BarsResult, MarketDataProvider, ProviderHooks } from '../types';
import { retryPolicy, type RetryContext, type RetryOptions } from './retry';

/** A leg's answer for one symbol: raw bars in the API's shape, or the API saying it has no such symbol. */
export type LegAnswer = { raws: unknown[] } | { rejected: string };

export interface LegSource<L> {
  fetch(ctx: RetryContext, symbol: string, leg: L, signal: AbortSignal | undefined): Promise<LegAnswer>;
  parse(raw: unknown): ParsedBar;
}

/** Options every single-symbol HTTP provider takes. */
export interface HttpProviderOptions extends RetryOptions {
  /** Per attempt, including reading the body. Default 15 s. */
  timeoutMs?: number;
  clock?: MarketClock;
  hooks?: ProviderHooks;
  name?: string;
  now?: () => Date;
}

export interface PerSymbolSpec {
  name: string;
  options: HttpProviderOptions;
  /** 15 when m15 is wanted; otherwise the coarsest grid the API has that lands on 09:30. */
  sourceMinutes(wanted: Timeframe[]): 15 | 30;
  intraday: LegSource<IntradayLeg>;
  daily: LegSource<DailyLeg> & { stamp: DailyStamp };
}

/**
 * fetchBars for APIs that answer one symbol per request (Polygon, Yahoo, Tradier): the same plan,
 * normalization and result as Alpaca's, with symbols asked one after another. Sequential on
 * purpose: these quotas are per minute and small, so parallel requests would only hit 429 sooner.
 */
export function createPerSymbolProvider(spec: PerSymbolSpec): MarketDataProvider {
  const { name, options } = spec;
  const clock = options.clock ?? marketClock;
  const policy = retryPolicy(options);
  const now = () => (options.now ? options.now().getTime() : Date.now());

  async function fetchBars(request: BarsRequest): Promise<BarsResult> {
    const req = normalizeRequest(request);
    const signal = request.signal;
    const ctx: RetryContext = { provider: name, hooks: options.hooks ?? {}, policy, requests: 0 };
    const collect = createCollector(req);
    const { intraday, daily } = planFetch(req, clock, { sourceMinutes: spec.sourceMinutes, readUntilMs: now() });
    for (const symbol of req.symbols) {
      if (intraday !== undefined) {
        const got = await spec.intraday.fetch(ctx, symbol, intraday, signal);
        if ('rejected' in got) {
          collect.rejected.push({ symbol, reason: got.rejected });
          continue;
        }
        const src = { symbol, raws: got.raws, wanted: intraday.wanted, clock, sink: collect.sink, parse: spec.intraday.parse };
        collect.put(symbol, normalizeIntraday(src, intraday.minutes));
      }
      if (daily !== undefined) {
        const got = await spec.daily.fetch(ctx, symbol, daily, signal);
        if ('rejected' in got) {
          collect.rejected.push({ symbol, reason: got.rejected });
          continue;
        }
        const src = { symbol, raws: got.raws, wanted: daily.wanted, clock, sink: collect.sink, parse: spec.daily.parse };
        collect.put(symbol, normalizeDaily(src, spec.daily.stamp));
      }
    }
    return collect.result(name, ctx.requests);
  }

  return { name, fetchBars };
}
