import type { DailyLeg, IntradayLeg } from '../bars/fetch-plan';
import { createPerSymbolProvider, type HttpProviderOptions } from '../http/per-symbol-provider';
import type { MarketDataProvider } from '../types';
import { formatLocalMinute, parseHistory, parseTimesales, toHistoryBar, toTimesalesBar } from './parse';
import { tradierGet } from './transport';

export interface TradierProviderOptions extends HttpProviderOptions {
  /** e.g. https://api.tradier.com (https://sandbox.tradier.com for paper accounts), or a local fake. */
  apiUrl: string;
  token: string;
}

/**
 * Tradier market data, one symbol per request: 15min timesales (the coarsest it has; regular
 * session only) feed m15/h1/h4 and daily history feeds d1/w1. Tradier keeps ~40 days of 15min
 * bars; older ranges come back as `series: null`, an empty series rather than an error.
 */
export function createTradierProvider(opts: TradierProviderOptions): MarketDataProvider {
  const get = tradierGet(opts);

  return createPerSymbolProvider({
    name: opts.name ?? 'tradier',
    options: opts,
    sourceMinutes: () => 15,
    intraday: {
      async fetch(ctx, symbol, leg: IntradayLeg, signal) {
        // Minutes, both ends inclusive: the last bar wanted starts a minute or more before `end`.
        const q = {
          symbol,
          interval: '15min',
          start: formatLocalMinute(new Date(Math.ceil(leg.start.getTime() / 60_000) * 60_000)),
          end: formatLocalMinute(new Date(leg.end.getTime() - 60_000)),
          session_filter: 'open',
        };
        return { raws: await get(ctx, 'v1/markets/timesales', q, parseTimesales, signal) };
      },
      parse: toTimesalesBar,
    },
    daily: {
      async fetch(ctx, symbol, leg: DailyLeg, signal) {
        const q = { symbol, interval: 'daily', start: leg.firstDate, end: leg.lastDate, session_filter: 'open' };
        return { raws: await get(ctx, 'v1/markets/history', q, parseHistory, signal) };
      },
      parse: toHistoryBar,
      stamp: 'midnight',
    },
  });
}
