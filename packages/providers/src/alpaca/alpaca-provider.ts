import { addDays, marketClock, nyDate, nyWallTime, type MarketClock, type Timeframe } from '@marketfleet/market-clock';
import { normalizeRequest } from '../request';
import type {
  Bar,
  BarsRequest,
  BarsResult,
  MarketDataProvider,
  ProviderHooks,
  QuarantinedBar,
  RejectedSymbol,
  SeriesResult,
} from '../types';
import { normalizeDaily, normalizeIntraday, type NormalizeSink, type Source } from './normalize';
import { fetchBatch } from './paging';
import { defaultSleep, type RequestContext, type Sleep } from './retry';
import { createBarsTransport, type BarsQuery, type Feed } from './transport';

export interface AlpacaProviderOptions {
  /** e.g. https://data.alpaca.markets, or a local fake. */
  dataUrl: string;
  keyId: string;
  secret: string;
  feed?: Feed;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  maxRetries?: number;
  clock?: MarketClock;
  hooks?: ProviderHooks;
  sleep?: Sleep;
  name?: string;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  rateLimitBudgetMs?: number;
  /** Long symbol lists get 414 Request-URI Too Large, so batches are capped. */
  maxSymbolsPerRequest?: number;
  now?: () => Date;
}

const SECOND = 1000;
const RECENT_SIP_MS = 15 * 60_000;
const ceilSecond = (ms: number) => Math.ceil(ms / SECOND) * SECOND;
const floorSecond = (ms: number) => Math.floor(ms / SECOND) * SECOND;

/** The Sunday closing the Monday–Sunday week of `date`. */
function endOfWeek(date: string): string {
  const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDays(date, (7 - dow) % 7);
}

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
  const policy = {
    maxRetries: opts.maxRetries ?? 4,
    baseDelayMs: opts.retryBaseDelayMs ?? 500,
    maxDelayMs: opts.retryMaxDelayMs ?? 20_000,
    rateLimitBudgetMs: opts.rateLimitBudgetMs ?? 120_000,
    sleep: opts.sleep ?? defaultSleep,
    random: Math.random,
    now: Date.now,
  };
  const batchSize = opts.maxSymbolsPerRequest ?? 100;
  const now = () => (opts.now ? opts.now().getTime() : Date.now());

  async function fetchBars(request: BarsRequest): Promise<BarsResult> {
    const req = normalizeRequest(request);
    const signal = request.signal;
    const ctx: RequestContext = { provider: name, hooks: opts.hooks ?? {}, policy, transport, requests: 0 };
    const fromMs = req.from.getTime();
    const toMs = req.to.getTime();
    const quarantined: QuarantinedBar[] = [];
    const rejected: RejectedSymbol[] = [];
    let dropped = 0;
    const sink: NormalizeSink = {
      // Whole sessions/weeks are read, so bars outside [from, to) pass through here too; only those
      // the caller asked about (or whose time is unknown) are reported.
      quarantine: (q) => {
        if (q.ts === null || (q.ts.getTime() >= fromMs && q.ts.getTime() < toMs)) quarantined.push(q);
      },
      dropOutsideSession: () => dropped++,
    };
    const out = new Map<string, Bar[]>(); // key: symbol \0 timeframe
    // Reading past `to` (to finish a session or week) stops short of the last 15 minutes: without
    // a real-time plan, SIP data that recent is refused with 403 (alpaca-api.md §1).
    const recentCutoff = now() - RECENT_SIP_MS;

    async function run(
      query: Omit<BarsQuery, 'pageToken' | 'symbols'>,
      wanted: Timeframe[],
      normalize: (src: Source) => Map<Timeframe, Bar[]>,
    ): Promise<void> {
      const refused = new Set(rejected.map((r) => r.symbol));
      for (const symbols of chunk(req.symbols.filter((s) => !refused.has(s)), batchSize)) {
        const fetched = await fetchBatch(ctx, { ...query, symbols }, signal);
        rejected.push(...fetched.rejected);
        for (const symbol of symbols) {
          const raws = fetched.bars.get(symbol);
          if (raws === undefined) continue;
          for (const [tf, bars] of normalize({ symbol, raws, wanted, clock, sink })) {
            out.set(`${symbol}\0${tf}`, bars.filter((b) => b.ts.getTime() >= fromMs && b.ts.getTime() < toMs));
          }
        }
      }
    }

    if (fromMs < toMs && req.symbols.length > 0) {
      const intraday = (['m15', 'h1', 'h4'] as const).filter((tf) => req.timeframes.includes(tf));
      const daily = (['d1', 'w1'] as const).filter((tf) => req.timeframes.includes(tf));
      if (intraday.length > 0) {
        const sessions = clock.sessionsOverlapping(req.from, req.to);
        const first = sessions[0];
        const last = sessions[sessions.length - 1];
        if (first !== undefined && last !== undefined) {
          // Alpaca's 1Hour/4Hour are on clock hours; ours start at 09:30, so build them from 15/30Min.
          const minutes = intraday.includes('m15') ? 15 : 30;
          // Whole sessions, so an h1/h4 bar cut by from/to still comes out complete; `end` is inclusive.
          const start = new Date(ceilSecond(Math.min(fromMs, first.open.getTime())));
          const end = new Date(floorSecond(Math.max(toMs, Math.min(last.close.getTime(), recentCutoff)) - 1));
          await run({ timeframe: minutes === 15 ? '15Min' : '30Min', start, end }, [...intraday], (src) =>
            normalizeIntraday(src, minutes),
          );
        }
      }
      if (daily.length > 0) {
        const firstDate = nyDate(req.from);
        const lastDate = nyDate(new Date(toMs - 1));
        // A w1 bar that starts before `to` covers its whole week, so read on to that week's end.
        const endDate = daily.includes('w1') ? endOfWeek(lastDate) : lastDate;
        if (clock.sessionsBetween(firstDate, endDate).length > 0) {
          // Daily bars are stamped at New York midnight, before the session open `from` usually is.
          const start = new Date(ceilSecond(Math.min(fromMs, nyWallTime(firstDate, '00:00').getTime())));
          const weekEnd = nyWallTime(addDays(endDate, 1), '00:00').getTime();
          const endMs = daily.includes('w1') ? Math.max(toMs, Math.min(weekEnd, recentCutoff)) : toMs;
          await run({ timeframe: '1Day', start, end: new Date(floorSecond(endMs - 1)) }, [...daily], normalizeDaily);
        }
      }
    }

    const series: SeriesResult[] = [];
    for (const symbol of req.symbols) {
      for (const timeframe of req.timeframes) series.push({ symbol, timeframe, bars: out.get(`${symbol}\0${timeframe}`) ?? [] });
    }
    return { provider: name, series, quarantined, requests: ctx.requests, droppedOutsideSession: dropped, rejectedSymbols: rejected };
  }

  return { name, fetchBars };
}
