import type { Bar, Timeframe } from '@marketfleet/market';
import type { NormalizedRequest } from '../request';
import type { BarsResult, QuarantinedBar, RejectedSymbol, SeriesResult } from '../types';
import type { NormalizeSink } from './normalize';

/**
 * Gathers one fetchBars answer: bars per series cut to [from, to), quarantine entries, dropped and
 * rejected counts, and assembles the BarsResult with one series per symbol × timeframe asked.
 */
export function createCollector(req: NormalizedRequest) {
  const fromMs = req.from.getTime();
  const toMs = req.to.getTime();
  const inRange = (ms: number) => ms >= fromMs && ms < toMs;
  const quarantined: QuarantinedBar[] = [];
  const rejected: RejectedSymbol[] = [];
  const out = new Map<string, Bar[]>(); // key: symbol \0 timeframe
  let dropped = 0;

  const sink: NormalizeSink = {
    // Whole sessions/weeks are read, so bars outside [from, to) pass through here too; only those
    // the caller asked about (or whose time is unknown) are reported.
    quarantine: (q) => {
      if (q.ts === null || inRange(q.ts.getTime())) quarantined.push(q);
    },
    dropOutsideSession: () => dropped++,
  };

  return {
    sink,
    rejected,
    isRejected: (symbol: string) => rejected.some((r) => r.symbol === symbol),
    put(symbol: string, byTf: Map<Timeframe, Bar[]>): void {
      for (const [tf, bars] of byTf) out.set(`${symbol}\0${tf}`, bars.filter((b) => inRange(b.ts.getTime())));
    },
    result(provider: string, requests: number): BarsResult {
      const series: SeriesResult[] = [];
      for (const symbol of req.symbols) {
        for (const timeframe of req.timeframes) series.push({ symbol, timeframe, bars: out.get(`${symbol}\0${timeframe}`) ?? [] });
      }
      return { provider, series, quarantined, requests, droppedOutsideSession: dropped, rejectedSymbols: rejected };
    },
  };
}

export type Collector = ReturnType<typeof createCollector>;
