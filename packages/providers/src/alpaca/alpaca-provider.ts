import { type Bar, marketClock, type MarketClock, type Timeframe } from '@marketfleet/market';
import { createCollector } from '../bars/collect';
import { planFetch } from '../bars/fetch-plan';
import { retryPolicy, type RetryOptions } from '../http/retry';
import { normalizeRequest } from '../request';
import type { BarsRequest, BarsResult, MarketDataProvider, ProviderHooks } from '../types';
import { normalizeDaily, normalizeIntraday, type Source } from './normalize';
import { fetchBatch } from './paging';
import type { RequestContext } from './retry';
import { createBarsTransport, type BarsQuery, type Feed } from './transport';

export interface AlpacaProviderOptions extends RetryOptions {
  /** e.g. https://data.alpaca.markets, or a local fake. */
  dataUrl: string;
  keyId: string;
  secret: string;
  feed?: Feed;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  clock?: MarketClock;
  hooks?: ProviderHooks;
  name?: string;
  /** Long symbol lists get 414 Request-URI Too Large, so batches are capped. */
  maxSymbolsPerRequest?: number;
  now?: () => Date;
}

const SECOND = 1000;
const RECENT_SIP_MS = 15 * 60_000;
const ceilSecond = (ms: number) => Math.ceil(ms / SECOND) * SECOND;
const floorSecond = (ms: number) => Math.floor(ms / SECOND) * SECOND;

function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

export function createAlpacaProvider(opts: AlpacaProviderOptions): MarketDataProvider {
  const name = opts.name ?? 'alpaca';
  const clock = opts.clock ?? marketClock;
  const transport = createBarsTransport({
    dataUrl: opts.dataUrl,
    keyId: opts.keyId,
    secret: opts.secret,
    feed: opts.feed ?? 'sip',
    timeoutMs: opts.timeoutMs ?? 15_000,
  });
  const policy = retryPolicy(opts);
  const batchSize = opts.maxSymbolsPerRequest ?? 100;
  const now = () => (opts.now ? opts.now().getTime() : Date.now());

  async function fetchBars(request: BarsRequest): Promise<BarsResult> {
    const req = normalizeRequest(request);
    const signal = request.signal;
    const ctx: RequestContext = { provider: name, hooks: opts.hooks ?? {}, policy, transport, requests: 0 };
    const collect = createCollector(req);
    // Reading past `to` (to finish a session or week) stops short of the last 15 minutes: without
    // a real-time plan, SIP data that recent is refused with 403 (alpaca-api.md §1).
    const plan = planFetch(req, clock, {
      // Alpaca's 1Hour/4Hour are on clock hours; ours start at 09:30, so build them from 15/30Min.
      sourceMinutes: (wanted) => (wanted.includes('m15') ? 15 : 30),
      readUntilMs: now() - RECENT_SIP_MS,
    });

    async function run(
      query: Omit<BarsQuery, 'pageToken' | 'symbols'>,
      wanted: Timeframe[],
      normalize: (src: Source) => Map<Timeframe, Bar[]>,
    ): Promise<void> {
      for (const symbols of chunk(req.symbols.filter((s) => !collect.isRejected(s)), batchSize)) {
        const fetched = await fetchBatch(ctx, { ...query, symbols }, signal);
        collect.rejected.push(...fetched.rejected);
        for (const symbol of symbols) {
          const raws = fetched.bars.get(symbol);
          if (raws === undefined) continue;
          collect.put(symbol, normalize({ symbol, raws, wanted, clock, sink: collect.sink }));
        }
      }
    }

    // `end` is inclusive on the wire and whole seconds (see transport.ts).
    const wire = (start: Date, end: Date) => ({ start: new Date(ceilSecond(start.getTime())), end: new Date(floorSecond(end.getTime() - 1)) });
    const { intraday, daily } = plan;
    if (intraday !== undefined) {
      const { minutes } = intraday;
      await run({ timeframe: minutes === 15 ? '15Min' : '30Min', ...wire(intraday.start, intraday.end) }, intraday.wanted, (src) =>
        normalizeIntraday(src, minutes),
      );
    }
    if (daily !== undefined) await run({ timeframe: '1Day', ...wire(daily.start, daily.end) }, daily.wanted, normalizeDaily);
    return collect.result(name, ctx.requests);
  }

  return { name, fetchBars };
}
