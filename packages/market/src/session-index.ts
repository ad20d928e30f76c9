import { yearRules } from './holidays';
import {
  DAY_MS,
  MINUTE_MS,
  dayOf,
  daysFromCivil,
  daysInMonth,
  edtDays,
  formatDay,
  minutesOf,
  wallMs,
  weekdayOfDay,
  yearOfDay,
} from './timezone';

/** A session as stored: instants as UTC ms so the hot paths never allocate a Date. */
export interface SessionRecord {
  readonly date: string;
  readonly day: number;
  readonly openMs: number;
  readonly closeMs: number;
  readonly earlyClose: boolean;
}

export interface CalendarDay {
  date: string;
  /** 'HH:MM' New York wall time. */
  open: string;
  close: string;
}

/** A provider's calendar for an inclusive date window. */
export interface ProviderCalendar {
  from: string;
  to: string;
  days: CalendarDay[];
}

const OPEN_MINUTES = 9 * 60 + 30;
const CLOSE_MINUTES = 16 * 60;
const EARLY_CLOSE_MINUTES = 13 * 60;

// Rule sessions never change, so every clock shares one table per year.
const ruleYears = new Map<number, readonly SessionRecord[]>();

function ruleYear(year: number): readonly SessionRecord[] {
  let records = ruleYears.get(year);
  if (records === undefined) {
    records = Object.freeze(buildRuleYear(year));
    ruleYears.set(year, records);
  }
  return records;
}

// A plain month/day walk with one DST lookup per year: this runs for every year a clock touches,
// and a cold ten-year range has to stay far below the 50 ms budget.
function buildRuleYear(year: number): SessionRecord[] {
  const { closures, earlyCloses } = yearRules(year);
  const [edtFrom, estFrom] = edtDays(year);
  const list: SessionRecord[] = [];
  const yyyy = `${String(year).padStart(4, '0')}-`;
  let day = daysFromCivil(year, 1, 1);
  let wd = weekdayOfDay(day);
  for (let month = 1; month <= 12; month++) {
    const mm = `${yyyy}${month < 10 ? '0' : ''}${month}-`;
    const length = daysInMonth(year, month);
    for (let d = 1; d <= length; d++, day++, wd = wd === 6 ? 0 : wd + 1) {
      if (wd === 0 || wd === 6 || closures.has(day)) continue;
      const earlyClose = earlyCloses.has(day);
      // 00:00 at the offset in force during trading hours (switches happen on Sundays at 02:00).
      const baseMs = day * DAY_MS + (day >= edtFrom && day < estFrom ? 240 : 300) * MINUTE_MS;
      list.push({
        date: `${mm}${d < 10 ? '0' : ''}${d}`,
        day,
        openMs: baseMs + OPEN_MINUTES * MINUTE_MS,
        closeMs: baseMs + (earlyClose ? EARLY_CLOSE_MINUTES : CLOSE_MINUTES) * MINUTE_MS,
        earlyClose,
      });
    }
  }
  return list;
}

/** First index whose day is >= `day` (records are sorted by day). */
function lowerBound(records: readonly SessionRecord[], day: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid]!.day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Window {
  readonly from: number;
  readonly to: number;
  readonly records: readonly SessionRecord[];
}

function parseCalendar(calendar: ProviderCalendar): Window {
  const from = dayOf(calendar.from);
  const to = dayOf(calendar.to);
  if (from > to) throw new RangeError(`provider calendar window is reversed: ${calendar.from} > ${calendar.to}`);
  if (!Array.isArray(calendar.days)) throw new RangeError('provider calendar days must be an array');
  const byDay = new Map<number, SessionRecord>();
  for (const entry of calendar.days) {
    const day = dayOf(entry.date);
    const open = minutesOf(entry.open);
    const close = minutesOf(entry.close);
    if (close <= open) throw new RangeError(`provider calendar day ${entry.date} closes before it opens`);
    if (byDay.has(day)) throw new RangeError(`provider calendar lists ${entry.date} twice`);
    // A day outside the window is the rules' business, not the provider's.
    if (day < from || day > to) continue;
    byDay.set(day, {
      date: formatDay(day),
      day,
      openMs: wallMs(day, open),
      closeMs: wallMs(day, close),
      earlyClose: close < CLOSE_MINUTES,
    });
  }
  return { from, to, records: [...byDay.values()].sort((a, b) => a.day - b.day) };
}

/**
 * Sessions by year, sorted by day. Every query walks these arrays, so lookups are binary searches
 * and a year is built at most once per clock.
 */
export class SessionIndex {
  private readonly window: Window | null;
  private readonly merged = new Map<number, readonly SessionRecord[]>();

  constructor(calendar?: ProviderCalendar) {
    this.window = calendar ? parseCalendar(calendar) : null;
  }

  year(year: number): readonly SessionRecord[] {
    const w = this.window;
    if (w === null) return ruleYear(year);
    const first = daysFromCivil(year, 1, 1);
    const last = daysFromCivil(year + 1, 1, 1) - 1;
    if (w.to < first || w.from > last) return ruleYear(year);
    let records = this.merged.get(year);
    if (records === undefined) {
      const outside = ruleYear(year).filter((r) => r.day < w.from || r.day > w.to);
      const inside = w.records.filter((r) => r.day >= first && r.day <= last);
      records = Object.freeze([...outside, ...inside].sort((a, b) => a.day - b.day));
      this.merged.set(year, records);
    }
    return records;
  }

  at(day: number): SessionRecord | undefined {
    const records = this.year(yearOfDay(day));
    const rec = records[lowerBound(records, day)];
    return rec !== undefined && rec.day === day ? rec : undefined;
  }

  /** Latest session strictly before `day`. Terminates because every year outside a window has sessions. */
  prev(day: number): SessionRecord {
    let year = yearOfDay(day);
    let records = this.year(year);
    let i = lowerBound(records, day) - 1;
    while (i < 0) {
      records = this.year(--year);
      i = records.length - 1;
    }
    return records[i]!;
  }

  /** Earliest session strictly after `day`. */
  next(day: number): SessionRecord {
    let year = yearOfDay(day);
    let records = this.year(year);
    let i = lowerBound(records, day + 1);
    while (i >= records.length) {
      records = this.year(++year);
      i = 0;
    }
    return records[i]!;
  }

  /** Calls `fn` for each session with fromDay <= day <= toDay, ascending. */
  forEach(fromDay: number, toDay: number, fn: (rec: SessionRecord) => void): void {
    if (fromDay > toDay) return;
    const lastYear = yearOfDay(toDay);
    for (let year = yearOfDay(fromDay); year <= lastYear; year++) {
      const records = this.year(year);
      for (let i = lowerBound(records, fromDay); i < records.length; i++) {
        const rec = records[i]!;
        if (rec.day > toDay) return;
        fn(rec);
      }
    }
  }
}
