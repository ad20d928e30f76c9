import {
  daysFromCivil,
  formatDay,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  weekdayOfDay,
} from './timezone';

/** Closures and early closes of one year, keyed by day number; only weekdays are listed. */
export interface YearRules {
  readonly closures: ReadonlyMap<number, string>;
  readonly earlyCloses: ReadonlyMap<number, string>;
}

// Unscheduled closures no rule can predict. A new one goes here (and a synced provider calendar
// covers it in the meantime).
const ONE_OFF_CLOSURES: readonly (readonly [date: string, name: string])[] = [
  ['2001-09-11', 'September 11 attacks'],
  ['2001-09-12', 'September 11 attacks'],
  ['2001-09-13', 'September 11 attacks'],
  ['2001-09-14', 'September 11 attacks'],
  ['2004-06-11', 'Day of mourning for President Reagan'],
  ['2007-01-02', 'Day of mourning for President Ford'],
  ['2012-10-29', 'Hurricane Sandy'],
  ['2012-10-30', 'Hurricane Sandy'],
  ['2018-12-05', 'Day of mourning for President George H. W. Bush'],
  ['2025-01-09', 'Day of mourning for President Carter'],
];

const oneOffsByYear = new Map<number, [number, string][]>();
for (const [date, name] of ONE_OFF_CLOSURES) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const list = oneOffsByYear.get(y) ?? [];
  list.push([daysFromCivil(y, m, d), name]);
  oneOffsByYear.set(y, list);
}

/** Western Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return daysFromCivil(year, Math.floor(n / 31), (n % 31) + 1);
}

function isWeekday(day: number): boolean {
  const wd = weekdayOfDay(day);
  return wd >= 1 && wd <= 5;
}

function computeYear(year: number): YearRules {
  const closures = new Map<number, string>();
  const close = (day: number, name: string): void => {
    if (isWeekday(day) && !closures.has(day)) closures.set(day, name);
  };
  const observed = (day: number, name: string): void => {
    const wd = weekdayOfDay(day);
    if (wd === 6) close(day - 1, `${name} (observed)`);
    else if (wd === 0) close(day + 1, `${name} (observed)`);
    else close(day, name);
  };

  // NYSE rule 7.2: New Year's Day on a Saturday is not moved to Friday Dec 31, which stays open
  // (moving it would close a day in the previous year's books).
  const newYear = daysFromCivil(year, 1, 1);
  if (weekdayOfDay(newYear) === 0) close(newYear + 1, "New Year's Day (observed)");
  else close(newYear, "New Year's Day");
  close(nthWeekdayOfMonth(year, 1, 1, 3), 'Martin Luther King Jr. Day');
  close(nthWeekdayOfMonth(year, 2, 1, 3), "Washington's Birthday");
  close(easterSunday(year) - 2, 'Good Friday');
  close(lastWeekdayOfMonth(year, 5, 1), 'Memorial Day');
  if (year >= 2022) observed(daysFromCivil(year, 6, 19), 'Juneteenth National Independence Day');
  observed(daysFromCivil(year, 7, 4), 'Independence Day');
  close(nthWeekdayOfMonth(year, 9, 1, 1), 'Labor Day');
  const thanksgiving = nthWeekdayOfMonth(year, 11, 4, 4);
  close(thanksgiving, 'Thanksgiving Day');
  observed(daysFromCivil(year, 12, 25), 'Christmas Day');
  for (const [day, name] of oneOffsByYear.get(year) ?? []) close(day, name);

  const earlyCloses = new Map<number, string>();
  const early = (day: number, name: string): void => {
    if (isWeekday(day) && !closures.has(day)) earlyCloses.set(day, name);
  };
  early(thanksgiving + 1, 'Day after Thanksgiving');
  const christmasEve = daysFromCivil(year, 12, 24);
  if (weekdayOfDay(christmasEve) <= 4) early(christmasEve, 'Christmas Eve');
  // Until 2013 a Wednesday July 3 was a full day, and with Independence Day on a Thursday the
  // short day was Friday July 5 instead.
  const july3 = daysFromCivil(year, 7, 3);
  const july3Wd = weekdayOfDay(july3);
  if (july3Wd === 1 || july3Wd === 2 || july3Wd === 4 || (july3Wd === 3 && year >= 2013)) {
    early(july3, 'Day before Independence Day');
  }
  const july5 = july3 + 2;
  if (year < 2013 && weekdayOfDay(july5) === 5) early(july5, 'Day after Independence Day');

  return { closures: sortedMap(closures), earlyCloses: sortedMap(earlyCloses) };
}

function sortedMap(map: Map<number, string>): Map<number, string> {
  return new Map([...map].sort((a, b) => a[0] - b[0]));
}

const cache = new Map<number, YearRules>();

export function yearRules(year: number): YearRules {
  let rules = cache.get(year);
  if (rules === undefined) {
    rules = computeYear(year);
    cache.set(year, rules);
  }
  return rules;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
}

function toList(map: ReadonlyMap<number, string>): { date: string; name: string }[] {
  return [...map].map(([day, name]) => ({ date: formatDay(day), name }));
}

/** Full-day closures that fall on weekdays (rules with weekend observance, plus one-offs), ascending. */
export function holidays(year: number): { date: string; name: string }[] {
  checkYear(year);
  return toList(yearRules(year).closures);
}

/** 13:00 closes, ascending. */
export function earlyCloses(year: number): { date: string; name: string }[] {
  checkYear(year);
  return toList(yearRules(year).earlyCloses);
}
