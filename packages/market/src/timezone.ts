// America/New_York by the US DST rules, in plain arithmetic: the session tables are built from
// thousands of wall-time conversions and Intl is far too slow (and host-dependent) for that.
// Dates travel as 'YYYY-MM-DD' strings at the API and as day numbers (days since 1970-01-01) inside.

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const EDT = -240;
const EST = -300;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HHMM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Day number of a proleptic Gregorian date (Hinnant's days_from_civil; exact for every year, unlike Date.UTC for 0–99). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

export function yearOfDay(dayNumber: number): number {
  return civilFromDays(dayNumber).year;
}

/** 0 = Sunday … 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
export function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Day number of the Monday that starts the (Monday–Sunday) week containing the day. */
export function weekStartDay(dayNumber: number): number {
  return dayNumber - ((weekdayOfDay(dayNumber) + 6) % 7);
}

/** The n-th (1-based) given weekday of a month. */
export function nthWeekdayOfMonth(year: number, month: number, wd: number, n: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((wd - weekdayOfDay(first) + 7) % 7) + (n - 1) * 7;
}

export function lastWeekdayOfMonth(year: number, month: number, wd: number): number {
  const last = daysFromCivil(year, month, daysInMonth(year, month));
  return last - ((weekdayOfDay(last) - wd + 7) % 7);
}

export function formatDay(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Validates 'YYYY-MM-DD' as a real calendar date and returns it unchanged, or null. */
export function parseDate(s: string): string | null {
  if (typeof s !== 'string') return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return s;
}

/** Day number of a 'YYYY-MM-DD' string; a malformed date is a programming error, so it throws. */
export function dayOf(date: string): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return daysFromCivil(year, month, day);
  }
  throw new RangeError(`invalid date (expected YYYY-MM-DD): ${String(date)}`);
}

/** Minutes after midnight of an 'HH:MM' wall time (00:00–23:59). */
export function minutesOf(hhmm: string): number {
  const m = typeof hhmm === 'string' ? HHMM_RE.exec(hhmm) : null;
  if (!m) throw new RangeError(`invalid time (expected HH:MM): ${String(hhmm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function instantMs(at: Date): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`invalid instant: ${String(at)}`);
  return ms;
}

// [DST start, DST end) as UTC ms per year. Both switches happen at 02:00 local time: 07:00Z in
// spring (still EST), 06:00Z in autumn (still EDT). Years before 1987 reuse the 1987 rule; they are
// outside the supported range and only need to be deterministic.
const transitions = new Map<number, readonly [number, number]>();

function dstWindow(year: number): readonly [number, number] {
  let w = transitions.get(year);
  if (w === undefined) {
    const start = year >= 2007 ? nthWeekdayOfMonth(year, 3, 0, 2) : nthWeekdayOfMonth(year, 4, 0, 1);
    const end = year >= 2007 ? nthWeekdayOfMonth(year, 11, 0, 1) : lastWeekdayOfMonth(year, 10, 0);
    w = [start * DAY_MS + 7 * 60 * MINUTE_MS, end * DAY_MS + 6 * 60 * MINUTE_MS] as const;
    transitions.set(year, w);
  }
  return w;
}

/**
 * Day numbers [first EDT day, first EST day) of a year. Both switches happen at 02:00 on a Sunday,
 * so any wall time from 02:00 on is on the new offset that day; the session builder uses this to
 * skip per-instant conversions.
 */
export function edtDays(year: number): readonly [number, number] {
  const [start, end] = dstWindow(year);
  return [Math.floor(start / DAY_MS), Math.floor(end / DAY_MS)];
}

/** New York UTC offset in minutes at a UTC instant (ms). The UTC year is safe: switches are far from New Year. */
export function offsetMinutesAt(ms: number): number {
  const [start, end] = dstWindow(yearOfDay(Math.floor(ms / DAY_MS)));
  return ms >= start && ms < end ? EDT : EST;
}

/** New York day number of a UTC instant (ms). */
export function nyDayOfMs(ms: number): number {
  return Math.floor((ms + offsetMinutesAt(ms) * MINUTE_MS) / DAY_MS);
}

/**
 * UTC ms of a New York wall time. Trying EDT first resolves the repeated autumn hour to its first
 * occurrence, and a spring-gap time to the instant an hour later (as Temporal's 'compatible' does).
 */
export function wallMs(dayNumber: number, minutes: number): number {
  const local = dayNumber * DAY_MS + minutes * MINUTE_MS;
  const asEdt = local - EDT * MINUTE_MS;
  return offsetMinutesAt(asEdt) === EDT ? asEdt : local - EST * MINUTE_MS;
}

export function nyDate(at: Date): string {
  return formatDay(nyDayOfMs(instantMs(at)));
}

export function nyWallTime(date: string, hhmm: string): Date {
  return new Date(wallMs(dayOf(date), minutesOf(hhmm)));
}

export function nyOffsetMinutes(at: Date): number {
  return offsetMinutesAt(instantMs(at));
}

export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs an integer, got ${n}`);
  return formatDay(dayOf(date) + n);
}

export function weekday(date: string): number {
  return weekdayOfDay(dayOf(date));
}
