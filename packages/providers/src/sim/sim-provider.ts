import { addDays, type Bar, marketClock, type MarketClock, nyDate, type Session, type Timeframe } from '@marketfleet/market';
import { aggregateBars, combineBars } from '../bars/aggregate';
import { normalizeRequest } from '../request';
import type { BarsRequest, BarsResult, MarketDataProvider, SeriesResult } from '../types';
import { simMarket, type SimMarket } from './sim-market';

export interface SimProviderOptions {
  seed?: number;
  clock?: MarketClock;
  name?: string;
  /** Bars that have not ended by now() are not served: the sim never invents the future. */
  now?: () => Date;
  /** Share a market (and its caches) between providers or with a fake server. */
  market?: SimMarket;
  /** False: a market without splits (ignored when `market` is given). Default true. */
  splits?: boolean;
}

const M15_MS = 15 * 60_000;

function inRange(bars: Bar[], from: number, to: number): Bar[] {
  return bars.filter((b) => b.ts.getTime() >= from && b.ts.getTime() < to);
}

/** The Sunday closing the Monday–Sunday week of `date`. */
function endOfWeek(date: string): string {
  const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDays(date, (7 - dow) % 7);
}

/**
 * A provider that answers any symbol from a seeded simulation, following the market calendar. All
 * timeframes are aggregates of the same m15 bars, so they always agree with each other. Prices are
 * raw, with the jumps of the splits `createSimReferenceProvider` reports.
 */
export function createSimProvider(opts: SimProviderOptions = {}): MarketDataProvider {
  const clock = opts.clock ?? marketClock;
  const market = opts.market ?? simMarket(opts.seed ?? 1, { clock, splits: opts.splits });
  const name = opts.name ?? 'sim';
  const now = opts.now ?? (() => new Date());

  function sessionM15(symbol: string, session: Session, nowMs: number): Bar[] {
    const bars = market.m15Bars(symbol, session);
    if (session.close.getTime() <= nowMs) return bars;
    return bars.filter((b) => b.ts.getTime() + M15_MS <= nowMs);
  }

  function dailyBar(symbol: string, session: Session, nowMs: number): Bar | null {
    if (session.close.getTime() <= nowMs) return market.dailyBar(symbol, session);
    // An unfinished session is summarised from the bars so far, like a provider's live daily bar.
    const bars = sessionM15(symbol, session, nowMs);
    return bars.length === 0 ? null : combineBars(bars, new Date(session.open.getTime()));
  }

  function intraday(symbol: string, tfs: Timeframe[], from: Date, to: Date, nowMs: number): Map<Timeframe, Bar[]> {
    const m15: Bar[] = [];
    // Whole sessions are generated so an h1/h4 bar cut by `from`/`to` is still complete.
    for (const s of clock.sessionsOverlapping(from, to)) m15.push(...sessionM15(symbol, s, nowMs));
    const out = new Map<Timeframe, Bar[]>();
    for (const tf of tfs) out.set(tf, inRange(tf === 'm15' ? m15 : aggregateBars(m15, tf, clock), from.getTime(), to.getTime()));
    return out;
  }

  function daily(symbol: string, tfs: Timeframe[], from: Date, to: Date, nowMs: number): Map<Timeframe, Bar[]> {
    // w1 bars starting before `to` cover their whole week, so read on to that week's end.
    const lastDate = nyDate(new Date(to.getTime() - 1));
    const toDate = tfs.includes('w1') ? endOfWeek(lastDate) : lastDate;
    const d1: Bar[] = [];
    for (const s of clock.sessionsBetween(nyDate(from), toDate)) {
      const bar = dailyBar(symbol, s, nowMs);
      if (bar !== null) d1.push(bar);
    }
    const out = new Map<Timeframe, Bar[]>();
    for (const tf of tfs) out.set(tf, inRange(tf === 'd1' ? d1 : aggregateBars(d1, 'w1', clock), from.getTime(), to.getTime()));
    return out;
  }

  return {
    name,
    async fetchBars(request: BarsRequest): Promise<BarsResult> {
      request.signal?.throwIfAborted();
      const req = { ...normalizeRequest(request), signal: request.signal };
      const nowMs = now().getTime();
      const intradayTfs = req.timeframes.filter((tf) => tf === 'm15' || tf === 'h1' || tf === 'h4');
      const dailyTfs = req.timeframes.filter((tf) => tf === 'd1' || tf === 'w1');
      const series: SeriesResult[] = [];
      if (req.from.getTime() < req.to.getTime()) {
        for (const symbol of req.symbols) {
          req.signal?.throwIfAborted();
          const byTf = new Map<Timeframe, Bar[]>();
          if (intradayTfs.length > 0) for (const [tf, b] of intraday(symbol, intradayTfs, req.from, req.to, nowMs)) byTf.set(tf, b);
          if (dailyTfs.length > 0) for (const [tf, b] of daily(symbol, dailyTfs, req.from, req.to, nowMs)) byTf.set(tf, b);
          for (const tf of req.timeframes) series.push({ symbol, timeframe: tf, bars: byTf.get(tf) ?? [] });
        }
      } else {
        for (const symbol of req.symbols) for (const tf of req.timeframes) series.push({ symbol, timeframe: tf, bars: [] });
      }
      return { provider: name, series, quarantined: [], requests: 0, droppedOutsideSession: 0 };
    },
  };
}
