import { addDays, MarketClock, nyDate, nyOffsetMinutes, parseDate, type CalendarDay } from '@marketfleet/market';
import { calendarDays } from '@marketfleet/providers/sim';
import { hash32 } from '@marketfleet/providers/sim';
import { FakeValidationError, parseEnum, parseTime, rejectUnexpected } from './fake-params';
import type { FakeCalendarEntry, FakeRoute, FakeState, RouteContext, RouteResult } from './fake-types';

const CALENDAR_PARAMS = new Set(['start', 'end', 'date_type']);
const NO_PARAMS = new Set<string>();
// The real calendar covers 1970–2029; without start/end it answers all of it.
const FIRST_DATE = '1970-01-01';
const LAST_DATE = '2029-12-31';

/** Settlement cycles: T+3 until 2017-09-05, T+2 until 2024-05-28, T+1 since. */
function settlementLag(date: string): number {
  return date >= '2024-05-28' ? 1 : date >= '2017-09-05' ? 2 : 3;
}

/** A date parameter: YYYY-MM-DD, or an RFC-3339 instant (4.x SDKs send those) read as its New York date. */
function parseDay(s: string | null, name: 'start' | 'end', dflt: string): string {
  if (s === null) return dflt;
  return parseDate(s) ?? nyDate(new Date(parseTime(s, name)));
}

/** The calendar as served: the clock's sessions, then the overrides, which may be malformed on purpose. */
export function fakeCalendar(state: FakeState, start: string, end: string): FakeCalendarEntry[] {
  const opts = state.options;
  const withSessions = opts.calendarSessionFields ?? true;
  // Sessions past `end` give the settlement dates of the last days.
  const days = calendarDays(state.clock, start, addDays(end, 10));
  const byDate = new Map<string, FakeCalendarEntry>();
  days.forEach((d, i) => {
    if (d.date > end) return;
    const entry: FakeCalendarEntry = { date: d.date, open: d.open, close: d.close };
    if (withSessions) {
      entry.session_open = '0400';
      entry.session_close = '2000';
      entry.settlement_date = days[i + settlementLag(d.date)]?.date ?? addDays(d.date, settlementLag(d.date));
    }
    byDate.set(d.date, entry);
  });
  for (const [date, patch] of Object.entries(opts.calendarOverrides ?? {})) {
    if (date < start || date > end) continue;
    if (patch === null) byDate.delete(date);
    else byDate.set(date, { ...(byDate.get(date) ?? { date, open: '09:30', close: '16:00' }), ...patch } as FakeCalendarEntry);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The clock `/v2/clock` answers from: the market clock with the calendar overrides laid over it,
 * or the plain clock when there are none or they don't parse (malformed ones exist to test calendar
 * clients, not the clock).
 */
function effectiveClock(state: FakeState): MarketClock {
  const dates = Object.keys(state.options.calendarOverrides ?? {}).sort();
  if (dates.length === 0) return state.clock;
  const from = dates[0]!;
  const to = dates[dates.length - 1]!;
  try {
    const days: CalendarDay[] = fakeCalendar(state, from, to).map((e) => ({ date: e.date, open: e.open, close: e.close }));
    return new MarketClock({ calendar: { from, to, days } });
  } catch {
    return state.clock;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * An instant as Alpaca's clock writes it: New York offset and, for `timestamp`, nanoseconds, e.g.
 * `2024-07-01T10:07:04.451420928-04:00`. The sub-millisecond digits are made up (deterministically).
 */
export function etTimestamp(ms: number, nanos: boolean): string {
  const offset = nyOffsetMinutes(new Date(ms));
  const local = new Date(ms + offset * 60_000).toISOString();
  const frac = nanos ? `.${local.slice(20, 23)}${pad(hash32('ns', ms) % 1_000_000, 6)}` : '';
  const abs = Math.abs(offset);
  return `${local.slice(0, 19)}${frac}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function handleCalendar(ctx: RouteContext): RouteResult {
  const { query, state } = ctx;
  rejectUnexpected(query, CALENDAR_PARAMS);
  // SETTLEMENT filters by settlement date; nothing here asks for it, so the fake refuses it rather than guess.
  parseEnum(query.get('date_type'), 'date_type', ['TRADING'] as const, 'TRADING');
  const start = parseDay(query.get('start'), 'start', FIRST_DATE);
  const end = parseDay(query.get('end'), 'end', LAST_DATE);
  if (end < start) throw new FakeValidationError('end should not be before start');
  return { status: 200, json: JSON.stringify(fakeCalendar(state, start, end)) };
}

function handleClock(ctx: RouteContext): RouteResult {
  rejectUnexpected(ctx.query, NO_PARAMS);
  const clock = effectiveClock(ctx.state);
  const at = new Date(ctx.now);
  const body = {
    timestamp: etTimestamp(ctx.now, true),
    is_open: clock.isOpen(at),
    next_open: etTimestamp(clock.nextOpen(at).getTime(), false),
    next_close: etTimestamp(clock.nextClose(at).getTime(), false),
  };
  return { status: 200, json: JSON.stringify(body) };
}

/** Trading-host routes; the fake serves them next to the data routes, so one URL stands in for both hosts. */
export const calendarRoutes: FakeRoute[] = [
  { method: 'GET', path: '/v2/calendar', handler: handleCalendar },
  { method: 'GET', path: '/v2/clock', handler: handleClock },
];
