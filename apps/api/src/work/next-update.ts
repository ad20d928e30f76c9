import type { MarketClock } from '@marketfleet/market';

/** The scheduled intraday tick runs a minute after each 15-minute bar closes (apps/scheduler). */
const TICK_AFTER_BAR_MS = 60_000;
const M15_MS = 15 * 60_000;

/** When the next scheduled update of the latest bars lands, from the market clock. */
export function nextExpectedUpdate(clock: MarketClock, now: Date): Date {
  const session = clock.sessionAt(now);
  if (session) {
    const start = clock.barStart(now, 'm15')!;
    const end = clock.barEnd(start, 'm15');
    return new Date(end.getTime() + TICK_AFTER_BAR_MS);
  }
  return new Date(clock.nextOpen(now).getTime() + M15_MS + TICK_AFTER_BAR_MS);
}
