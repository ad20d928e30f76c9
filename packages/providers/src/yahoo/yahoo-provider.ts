import { addDays, nyWallTime } from '@marketfleet/market';
import type { DailyLeg, IntradayLeg } from '../bars/fetch-plan';
import { fetchAttempt, type FetchAttemptOptions } from '../http/fetch-attempt';
import { createPerSymbolProvider, type HttpProviderOptions, type LegAnswer } from '../http/per-symbol-provider';
import { requestWithRetry, type RetryContext } from '../http/retry';
import type { MarketDataProvider } from '../types';
import { isChartAnswer, parseChart, toYahooBar, yahooErrorMessage } from './parse';

export interface YahooProviderOptions extends HttpProviderOptions {
  /** e.g. https://query1.finance.yahoo.com, or a local fake. */
  apiUrl: string;
  /**
   * How far back 15m/30m bars are asked for. Yahoo refuses a whole request whose start is older
   * than 60 days, so older sessions are left out rather than losing the recent ones too. Default 59.
   */
  intradayLookbackDays?: number;
  /** Yahoo answers 429 to clients without a browser-like User-Agent. */
  userAgent?: string;
}

const DAY_MS = 86_400_000;

/**
 * Yahoo's chart API, one symbol per request, no auth: 15m/30m bars (at 09:30, 09:45…) feed
 * m15/h1/h4 and 1d bars (stamped at the session open) feed d1/w1. `includePrePost=false` keeps
 * extended hours out; any that come anyway are dropped by normalization. An unknown symbol (404)
 * is a rejected symbol and an out-of-range intraday request (422) an empty series, neither retried.
 */
export function createYahooProvider(opts: YahooProviderOptions): MarketDataProvider {
  const base = new URL(opts.apiUrl.replace(/\/*$/, '/'));
  const lookbackMs = (opts.intradayLookbackDays ?? 59) * DAY_MS;
  const now = () => (opts.now ? opts.now().getTime() : Date.now());
  const http: FetchAttemptOptions = {
    timeoutMs: opts.timeoutMs ?? 15_000,
    headers: { Accept: 'application/json', 'User-Agent': opts.userAgent ?? 'Mozilla/5.0 (compatible; marketfleet)' },
    isAnswer: isChartAnswer,
    errorMessage: yahooErrorMessage,
  };

  async function chart(ctx: RetryContext, symbol: string, q: Record<string, string>, signal: AbortSignal | undefined): Promise<LegAnswer> {
    const u = new URL(`v8/finance/chart/${encodeURIComponent(symbol)}`, base);
    u.search = new URLSearchParams({ ...q, includePrePost: 'false' }).toString();
    const url = u.toString();
    const answer = await requestWithRetry(ctx, (s) => fetchAttempt(url, http, s), (ok) => parseChart(ok.text), signal);
    if (answer.kind === 'unknown-symbol') return { rejected: answer.reason };
    return { raws: answer.kind === 'bars' ? answer.raws : [] };
  }

  const seconds = (ms: number) => String(Math.floor(ms / 1000));

  return createPerSymbolProvider({
    name: opts.name ?? 'yahoo',
    options: opts,
    sourceMinutes: (wanted) => (wanted.includes('m15') ? 15 : 30),
    intraday: {
      async fetch(ctx, symbol, leg: IntradayLeg, signal) {
        // Whole sessions only, so the first h1/h4 bars are never built from half a session.
        const kept = leg.sessions.filter((s) => s.open.getTime() >= now() - lookbackMs);
        const first = kept[0];
        if (first === undefined) return { raws: [] };
        const start = kept.length === leg.sessions.length ? leg.start : first.open;
        const q = { period1: seconds(start.getTime()), period2: seconds(leg.end.getTime() + 999), interval: `${leg.minutes}m` };
        return chart(ctx, symbol, q, signal);
      },
      parse: toYahooBar,
    },
    daily: {
      fetch(ctx, symbol, leg: DailyLeg, signal) {
        const end = nyWallTime(addDays(leg.lastDate, 1), '00:00').getTime();
        return chart(ctx, symbol, { period1: seconds(leg.start.getTime()), period2: seconds(end), interval: '1d' }, signal);
      },
      parse: toYahooBar,
      stamp: 'within-day',
    },
  });
}
