import { addDays, type MarketClock, marketClock, parseDate } from '@marketfleet/market';
import { type IvStats } from './types';

export interface AtmIvPoint {
  /** YYYY-MM-DD. */
  date: string;
  /** The day's at-the-money implied volatility, as a decimal. */
  atmIv: number;
}

const median = (sorted: readonly number[]): number => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * 52-week statistics of daily ATM IV as of `asOf`: observations dated in (asOf − 364 days, asOf],
 * one per date (the last given wins), non-positive or non-finite values ignored. Null when no
 * observation qualifies. The seed took the newest 252 rows whatever their dates, which reaches
 * back further than a year when the history has gaps.
 */
export function atmIvStats(history: readonly AtmIvPoint[], asOf: string): IvStats | null {
  if (parseDate(asOf) === null) throw new RangeError(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const start = addDays(asOf, -364);
  const byDate = new Map<string, number>();
  for (const p of history) {
    if (parseDate(p.date) === null || !(p.date > start && p.date <= asOf)) continue;
    if (Number.isFinite(p.atmIv) && p.atmIv > 0) byDate.set(p.date, p.atmIv);
  }
  if (byDate.size === 0) return null;
  const ivs = [...byDate.values()].sort((a, b) => a - b);
  return {
    low: ivs[0]!,
    high: ivs[ivs.length - 1]!,
    median: median(ivs),
    days: ivs.length,
    asOf: [...byDate.keys()].reduce((a, b) => (b > a ? b : a)),
  };
}

/** Sessions after the statistics' date up to and including `asOf`; 0 when they are from today. */
export function ivStatsAgeSessions(stats: IvStats, asOf: string, clock: MarketClock = marketClock): number | null {
  if (stats.asOf === null || parseDate(stats.asOf) === null) return null;
  if (stats.asOf >= asOf) return 0;
  return clock.sessionsBetween(addDays(stats.asOf, 1), asOf).length;
}
