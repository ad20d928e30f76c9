import { addDays, nyDate, nyOffsetMinutes, nyWallTime, parseDate, weekday } from './index';
import { civilFromDays, daysFromCivil, formatDay } from './timezone';

const HOUR = 3_600_000;

// Reference offsets from the host's IANA database, which our arithmetic must match exactly.
const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
function intlOffsetMinutes(ms: number): number {
  const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

describe('nyOffsetMinutes', () => {
  it('matches Intl every few hours across 2000–2037', () => {
    const mismatches: string[] = [];
    // 7h13m strides land on every hour of the day and every minute offset over the years.
    for (let ms = Date.UTC(2000, 0, 1); ms < Date.UTC(2038, 0, 1); ms += 7 * HOUR + 13 * 60_000) {
      if (nyOffsetMinutes(new Date(ms)) !== intlOffsetMinutes(ms)) mismatches.push(new Date(ms).toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('matches Intl every 5 minutes around every switch, 2000–2037', () => {
    const mismatches: string[] = [];
    for (let year = 2000; year <= 2037; year++) {
      for (const month of [2, 3, 9, 10]) {
        // Every Sunday of March/April and October/November, 04:00Z–09:00Z covers both rule sets.
        for (let day = 1; day <= 31; day++) {
          const midnight = Date.UTC(year, month, day);
          if (new Date(midnight).getUTCMonth() !== month || new Date(midnight).getUTCDay() !== 0) continue;
          for (let ms = midnight + 4 * HOUR; ms <= midnight + 9 * HOUR; ms += 5 * 60_000) {
            if (nyOffsetMinutes(new Date(ms)) !== intlOffsetMinutes(ms)) mismatches.push(new Date(ms).toISOString());
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['2024-03-10T06:59:59.999Z', -300],
    ['2024-03-10T07:00:00.000Z', -240],
    ['2024-11-03T05:59:59.999Z', -240],
    ['2024-11-03T06:00:00.000Z', -300],
    ['2006-04-02T06:59:00.000Z', -300],
    ['2006-04-02T07:00:00.000Z', -240],
    ['2006-10-29T05:59:00.000Z', -240],
    ['2006-10-29T06:00:00.000Z', -300],
    ['2007-03-11T07:00:00.000Z', -240],
    ['2007-11-04T06:00:00.000Z', -300],
    ['2100-03-14T07:00:00.000Z', -240],
    ['2100-03-14T06:59:00.000Z', -300],
  ])('at %s is %i', (iso, expected) => {
    expect(nyOffsetMinutes(new Date(iso))).toBe(expected);
  });

  it('rejects an invalid Date', () => {
    expect(() => nyOffsetMinutes(new Date('nope'))).toThrow(RangeError);
  });
});

describe('nyDate', () => {
  it.each([
    ['2024-01-01T04:59:59.999Z', '2023-12-31'],
    ['2024-01-01T05:00:00.000Z', '2024-01-01'],
    ['2024-07-01T03:59:59.999Z', '2024-06-30'],
    ['2024-07-01T04:00:00.000Z', '2024-07-01'],
    ['2024-03-10T06:30:00.000Z', '2024-03-10'],
    ['2100-12-31T23:00:00.000Z', '2100-12-31'],
  ])('of %s is %s', (iso, date) => {
    expect(nyDate(new Date(iso))).toBe(date);
  });
});

describe('nyWallTime', () => {
  it.each([
    ['2024-03-08', '09:30', '2024-03-08T14:30:00.000Z'],
    ['2024-03-11', '09:30', '2024-03-11T13:30:00.000Z'],
    ['2024-11-01', '16:00', '2024-11-01T20:00:00.000Z'],
    ['2024-11-04', '16:00', '2024-11-04T21:00:00.000Z'],
    ['2000-01-03', '00:00', '2000-01-03T05:00:00.000Z'],
    ['2024-03-10', '03:00', '2024-03-10T07:00:00.000Z'],
    // Nonexistent spring-gap time: moved forward by the gap.
    ['2024-03-10', '02:30', '2024-03-10T07:30:00.000Z'],
    // Repeated autumn hour: the first (EDT) occurrence.
    ['2024-11-03', '01:30', '2024-11-03T05:30:00.000Z'],
    ['2024-11-03', '02:00', '2024-11-03T07:00:00.000Z'],
  ])('%s %s is %s', (date, hhmm, iso) => {
    expect(nyWallTime(date, hhmm).toISOString()).toBe(iso);
  });

  it('round-trips with nyDate and matches Intl for market hours every day of 2000–2037', () => {
    const bad: string[] = [];
    for (let day = daysFromCivil(2000, 1, 1); day < daysFromCivil(2038, 1, 1); day += 3) {
      const date = formatDay(day);
      for (const hhmm of ['09:30', '13:00', '16:00']) {
        const at = nyWallTime(date, hhmm);
        const wall = new Date(at.getTime() + intlOffsetMinutes(at.getTime()) * 60_000).toISOString();
        if (nyDate(at) !== date || wall.slice(11, 16) !== hhmm) bad.push(`${date} ${hhmm}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it.each(['9:30', '24:00', '12:60', '', '12:00:00'])('rejects time %p', (hhmm) => {
    expect(() => nyWallTime('2024-01-02', hhmm)).toThrow(RangeError);
  });

  it('rejects a bad date', () => {
    expect(() => nyWallTime('2024-02-30', '09:30')).toThrow(RangeError);
  });
});

describe('date helpers', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2024-01-15', 0, '2024-01-15'],
    ['2024-01-15', 366, '2025-01-15'],
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('addDays rejects fractional days', () => {
    expect(() => addDays('2024-01-01', 0.5)).toThrow(RangeError);
  });

  it.each([
    ['2024-03-10', 0],
    ['2024-03-11', 1],
    ['2000-01-01', 6],
    ['2100-12-24', 5],
    ['1970-01-01', 4],
    ['1969-12-31', 3],
  ])('weekday(%s) = %i', (date, wd) => {
    expect(weekday(date)).toBe(wd);
  });

  it.each(['2024-02-29', '2000-02-29', '2100-12-31', '1999-01-01'])('parseDate accepts %s', (s) => {
    expect(parseDate(s)).toBe(s);
  });

  it.each(['2023-02-29', '2100-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-01', '20240101', '', 'x'])(
    'parseDate rejects %p',
    (s) => {
      expect(parseDate(s)).toBeNull();
    },
  );

  it('parseDate rejects non-strings', () => {
    expect(parseDate(20240101 as unknown as string)).toBeNull();
  });

  it('day numbers agree with Date for every day 1900–2200', () => {
    for (let day = daysFromCivil(1900, 1, 1); day <= daysFromCivil(2200, 12, 31); day++) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (formatDay(day) !== iso) throw new Error(`${day}: ${formatDay(day)} vs ${iso}`);
      const { year, month, day: d } = civilFromDays(day);
      if (daysFromCivil(year, month, d) !== day) throw new Error(`round trip ${day}`);
    }
  });
});
