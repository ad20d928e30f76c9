import type { OptionsSettings } from '@marketfleet/jobs';
import { nyDate, type MarketClock } from '@marketfleet/market';

/** The tick right after the close (ticks come every 15 minutes) takes the wider scrape. */
export const CLOSE_SCRAPE_WINDOW_MS = 15 * 60_000;

export interface ScrapePlan {
  session: string;
  expirations: number;
  reason: 'session' | 'close';
}

/**
 * What an options tick at `now` scrapes: the nearest expirations while a session is open, the
 * wider set on the one tick that falls within the quarter hour after the close (early closes
 * included), nothing otherwise (nights, weekends, holidays). The market clock decides, so the
 * schedule's pattern never encodes market hours.
 */
export function optionsScrapePlan(clock: MarketClock, now: Date, settings: Pick<OptionsSettings, 'sessionExpirations' | 'closeExpirations'>): ScrapePlan | null {
  const open = clock.sessionAt(now);
  if (open) return { session: open.date, expirations: settings.sessionExpirations, reason: 'session' };
  const today = clock.session(nyDate(now));
  if (today && now >= today.close && now.getTime() < today.close.getTime() + CLOSE_SCRAPE_WINDOW_MS) {
    return { session: today.date, expirations: settings.closeExpirations, reason: 'close' };
  }
  return null;
}
