import { earlyCloses, holidays, weekday } from './index';
import { easterSunday } from './holidays';
import { formatDay } from './timezone';

const dates = (list: { date: string }[]): string[] => list.map((h) => h.date);

describe('easterSunday', () => {
  it.each([
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2038, '2038-04-25'],
    [2100, '2100-03-28'],
  ])('%i is %s', (year, date) => {
    expect(formatDay(easterSunday(year))).toBe(date);
  });
});

describe('holidays', () => {
  it('lists 2024 by rule', () => {
    expect(holidays(2024)).toEqual([
      { date: '2024-01-01', name: "New Year's Day" },
      { date: '2024-01-15', name: 'Martin Luther King Jr. Day' },
      { date: '2024-02-19', name: "Washington's Birthday" },
      { date: '2024-03-29', name: 'Good Friday' },
      { date: '2024-05-27', name: 'Memorial Day' },
      { date: '2024-06-19', name: 'Juneteenth National Independence Day' },
      { date: '2024-07-04', name: 'Independence Day' },
      { date: '2024-09-02', name: 'Labor Day' },
      { date: '2024-11-28', name: 'Thanksgiving Day' },
      { date: '2024-12-25', name: 'Christmas Day' },
    ]);
  });

  it('observes weekend holidays on the nearest weekday', () => {
    expect(dates(holidays(2021))).toEqual([
      '2021-01-01',
      '2021-01-18',
      '2021-02-15',
      '2021-04-02',
      '2021-05-31',
      '2021-07-05',
      '2021-09-06',
      '2021-11-25',
      '2021-12-24',
    ]);
    expect(dates(holidays(2022))).toEqual([
      '2022-01-17',
      '2022-02-21',
      '2022-04-15',
      '2022-05-30',
      '2022-06-20',
      '2022-07-04',
      '2022-09-05',
      '2022-11-24',
      '2022-12-26',
    ]);
    expect(holidays(2022)[4]).toEqual({ date: '2022-06-20', name: 'Juneteenth National Independence Day (observed)' });
  });

  it("does not move a Saturday New Year's Day back to Friday Dec 31", () => {
    for (const year of [2010, 2021, 2027, 2032, 2038, 2049]) {
      expect(weekday(`${year + 1}-01-01`)).toBe(6);
      expect(dates(holidays(year))).not.toContain(`${year}-12-31`);
      expect(dates(holidays(year + 1)).some((d) => d.endsWith('-01-01') || d.endsWith('-01-02'))).toBe(false);
    }
  });

  it('moves a Sunday New Year to Monday Jan 2', () => {
    expect(holidays(2017)[0]).toEqual({ date: '2017-01-02', name: "New Year's Day (observed)" });
    expect(holidays(2023)[0]?.date).toBe('2023-01-02');
  });

  it('adds Juneteenth only from 2022', () => {
    expect(holidays(2021).map((h) => h.name)).not.toContain('Juneteenth National Independence Day');
    expect(dates(holidays(2023))).toContain('2023-06-19');
    expect(dates(holidays(2027))).toContain('2027-06-18');
  });

  it.each([
    ['2001-09-11'],
    ['2001-09-12'],
    ['2001-09-13'],
    ['2001-09-14'],
    ['2004-06-11'],
    ['2007-01-02'],
    ['2012-10-29'],
    ['2012-10-30'],
    ['2018-12-05'],
    ['2025-01-09'],
  ])('includes the one-off closure %s', (date) => {
    expect(dates(holidays(Number(date.slice(0, 4))))).toContain(date);
  });

  it('Christmas on a Saturday closes Friday Dec 24 (2100)', () => {
    expect(holidays(2100).at(-1)).toEqual({ date: '2100-12-24', name: 'Christmas Day (observed)' });
  });

  it('is ascending, weekday-only, without duplicates, and covers every rule, 2000–2100', () => {
    for (let year = 2000; year <= 2100; year++) {
      const list = dates(holidays(year));
      expect([...list].sort()).toEqual(list);
      expect(new Set(list).size).toBe(list.length);
      for (const d of list) expect([1, 2, 3, 4, 5]).toContain(weekday(d));
      // 10 rules (9 before Juneteenth); New Year on a Saturday drops one.
      const rules = (year >= 2022 ? 10 : 9) - (weekday(`${year}-01-01`) === 6 ? 1 : 0);
      const oneOffs = { 2001: 4, 2004: 1, 2007: 1, 2012: 2, 2018: 1, 2025: 1 }[year] ?? 0;
      expect(list).toHaveLength(rules + oneOffs);
    }
  });

  it('rejects a non-integer year', () => {
    expect(() => holidays(2024.5)).toThrow(RangeError);
    expect(() => earlyCloses(Number.NaN)).toThrow(RangeError);
  });

  it('returns copies', () => {
    const list = holidays(2024);
    list.pop();
    expect(holidays(2024)).toHaveLength(10);
  });
});

describe('earlyCloses', () => {
  it.each([
    [2000, ['2000-07-03', '2000-11-24']],
    [2001, ['2001-07-03', '2001-11-23', '2001-12-24']],
    // Independence Day on a Thursday before 2013: Friday July 5 is short, Wednesday July 3 is full.
    [2002, ['2002-07-05', '2002-11-29', '2002-12-24']],
    [2004, ['2004-11-26']],
    [2009, ['2009-11-27', '2009-12-24']],
    [2012, ['2012-07-03', '2012-11-23', '2012-12-24']],
    [2013, ['2013-07-03', '2013-11-29', '2013-12-24']],
    [2019, ['2019-07-03', '2019-11-29', '2019-12-24']],
    [2020, ['2020-11-27', '2020-12-24']],
    [2021, ['2021-11-26']],
    [2023, ['2023-07-03', '2023-11-24']],
    [2024, ['2024-07-03', '2024-11-29', '2024-12-24']],
    [2025, ['2025-07-03', '2025-11-28', '2025-12-24']],
    [2026, ['2026-11-27', '2026-12-24']],
    [2030, ['2030-07-03', '2030-11-29', '2030-12-24']],
  ])('%i: %j', (year, expected) => {
    expect(dates(earlyCloses(year))).toEqual(expected);
  });

  it('names the reason', () => {
    expect(earlyCloses(2024)).toEqual([
      { date: '2024-07-03', name: 'Day before Independence Day' },
      { date: '2024-11-29', name: 'Day after Thanksgiving' },
      { date: '2024-12-24', name: 'Christmas Eve' },
    ]);
    expect(earlyCloses(2002)[0]).toEqual({ date: '2002-07-05', name: 'Day after Independence Day' });
  });

  it('never falls on a closed day or a weekend, 2000–2100', () => {
    for (let year = 2000; year <= 2100; year++) {
      const closed = new Set(dates(holidays(year)));
      const list = dates(earlyCloses(year));
      expect([...list].sort()).toEqual(list);
      for (const d of list) {
        expect(closed.has(d)).toBe(false);
        expect([1, 2, 3, 4, 5]).toContain(weekday(d));
      }
    }
  });
});
