import { nyOffsetMinutes, type CalendarDay, type MarketClock } from '@marketfleet/market';

const DAY_MINUTES = 24 * 60;

/** 'HH:MM' New York wall time of an instant. */
export function nyHhmm(at: Date): string {
  const minutes = (((Math.floor(at.getTime() / 60_000) + nyOffsetMinutes(at)) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/** The clock's sessions on fromDate..toDate inclusive as calendar days, the shape providers sync. */
export function calendarDays(clock: MarketClock, fromDate: string, toDate: string): CalendarDay[] {
  return clock.sessionsBetween(fromDate, toDate).map((s) => ({ date: s.date, open: nyHhmm(s.open), close: nyHhmm(s.close) }));
}
