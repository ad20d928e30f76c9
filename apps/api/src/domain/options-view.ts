import type { StoredOptionQuote } from '@marketfleet/db';
import { assessOptionSnapshot, type MarketClock } from '@marketfleet/market';
import { markOf } from '@marketfleet/ml';

/** The quote's mark by the ranking's own rule (the positive quoted mid, else the last trade); null without one. */
export function markOfQuote(q: Pick<StoredOptionQuote, 'bid' | 'ask' | 'last'>): number | null {
  return markOf({ bid: q.bid ?? undefined, ask: q.ask ?? undefined, last: q.last ?? undefined }) ?? null;
}

export interface ChainAge {
  ageSeconds: number;
  isStale: boolean;
}

/** How old a scrape is and whether that is stale now (the market's options rule, `@marketfleet/market`). */
export function chainAge(fetchedAt: Date, now: Date, clock: MarketClock, slaMinutes: number): ChainAge {
  const f = assessOptionSnapshot({ now, latestSnapshotAt: fetchedAt, slaMinutes, clock });
  return { ageSeconds: Math.round((f.ageMinutes ?? 0) * 60), isStale: f.isStale };
}

/** The oldest scrape among some quotes: a chain shown is at least this current. */
export function oldestFetch(quotes: readonly Pick<StoredOptionQuote, 'fetchedAt'>[]): Date | null {
  return quotes.reduce<Date | null>((a, q) => (a === null || q.fetchedAt < a ? q.fetchedAt : a), null);
}
