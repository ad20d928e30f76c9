import type { CalendarMismatch } from '@marketfleet/db';
import { addDays, nyOffsetMinutes, type CalendarDay, type MarketClock } from '@marketfleet/market';

const hhmm = (at: Date) => new Date(at.getTime() + nyOffsetMinutes(at) * 60_000).toISOString().slice(11, 16);

/** Every day of [from, to] on which the provider's calendar and the clock's rules differ. */
export function compareCalendars(rules: MarketClock, from: string, to: string, days: readonly CalendarDay[]): CalendarMismatch[] {
  const provider = new Map(days.map((d) => [d.date, `${d.open}–${d.close}`]));
  const out: CalendarMismatch[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const s = rules.session(date);
    const byRules = s ? `${hhmm(s.open)}–${hhmm(s.close)}` : 'closed';
    const byProvider = provider.get(date) ?? 'closed';
    if (byRules !== byProvider) out.push({ date, rules: byRules, provider: byProvider });
  }
  return out;
}
