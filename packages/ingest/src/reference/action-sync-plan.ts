import type { ActionSyncTarget } from '@marketfleet/db';
import { addDays, nyDate } from '@marketfleet/market';

/** The daily window: actions of the last month (late reports) and the next three (announced). */
export const RECENT_DAYS = 30;
export const AHEAD_DAYS = 90;

export interface ActionSyncRequest {
  symbols: string[];
  /** Inclusive New York dates. */
  from: string;
  to: string;
}

const earliest = (...dates: Array<string | null>) => dates.filter((d): d is string => d !== null).sort()[0]!;

/**
 * What to ask the provider so that every target's actions cover its whole history: from its
 * oldest stored bar, or for a watchlist symbol the history depth the fleet will fill, whichever
 * is older, to three months ahead. A symbol whose recorded range already reaches that far back
 * and has no hole up to the last month gets only the daily window; the others are asked from
 * where they need to start (symbols that need the same start share a request).
 */
export function planActionSyncs(targets: readonly ActionSyncTarget[], today: string, historyDays: number): ActionSyncRequest[] {
  const recentFrom = addDays(today, -RECENT_DAYS);
  const to = addDays(today, AHEAD_DAYS);
  const recent: string[] = [];
  const deep = new Map<string, string[]>();
  for (const t of targets) {
    const from = earliest(
      recentFrom,
      t.firstBarTs ? nyDate(t.firstBarTs) : null,
      t.onWatchlist ? addDays(today, -historyDays) : null,
    );
    const current = t.syncedFrom !== null && t.syncedTo !== null && t.syncedTo >= addDays(recentFrom, -1);
    if (current && t.syncedFrom! <= from) recent.push(t.ticker);
    else deep.set(from, [...(deep.get(from) ?? []), t.ticker]);
  }
  const requests = [...deep].sort(([a], [b]) => (a < b ? -1 : 1)).map(([from, symbols]) => ({ symbols, from, to }));
  if (recent.length > 0) requests.push({ symbols: recent, from: recentFrom, to });
  return requests;
}
