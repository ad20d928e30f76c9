import { MarketClock, marketClock as clock, nyWallTime, type ProviderCalendar } from './index';

const at = (iso: string): Date => new Date(iso);
const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const kind = (date: string): 'closed' | 'early' | 'full' => {
  const s = clock.session(date);
  return s === null ? 'closed' : s.earlyClose ? 'early' : 'full';
};

describe('session', () => {
  it.each([
    ['2024-07-03', 'early'],
    ['2019-07-03', 'early'],
    ['2013-07-03', 'early'],
    ['2002-07-05', 'early'],
    ['2002-07-03', 'full'],
    ['2020-07-03', 'closed'],
    ['2021-12-24', 'closed'],
    ['2021-12-31', 'full'],
    ['2010-12-31', 'full'],
    ['2022-06-20', 'closed'],
    ['2021-06-18', 'full'],
    ['2027-06-18', 'closed'],
    ['2024-03-29', 'closed'],
    ['2000-04-21', 'closed'],
    ['2012-10-29', 'closed'],
    ['2012-10-30', 'closed'],
    ['2012-10-31', 'full'],
    ['2001-09-11', 'closed'],
    ['2001-09-17', 'full'],
    ['2004-06-11', 'closed'],
    ['2007-01-02', 'closed'],
    ['2018-12-05', 'closed'],
    ['2025-01-09', 'closed'],
    ['2023-11-24', 'early'],
    ['2025-12-24', 'early'],
    ['2017-01-02', 'closed'],
    ['2100-12-24', 'closed'],
    ['2024-01-06', 'closed'],
    ['2024-01-07', 'closed'],
    ['2024-01-08', 'full'],
  ] as const)('%s is %s', (date, expected) => {
    expect(kind(date)).toBe(expected);
  });

  it('runs 09:30–16:00 New York, 13:00 on an early close', () => {
    expect(clock.session('2024-07-02')).toEqual({
      date: '2024-07-02',
      open: at('2024-07-02T13:30:00Z'),
      close: at('2024-07-02T20:00:00Z'),
      earlyClose: false,
    });
    expect(iso(clock.session('2024-07-03')?.close)).toBe('2024-07-03T17:00:00.000Z');
    expect(iso(clock.session('2023-11-24')?.close)).toBe('2023-11-24T18:00:00.000Z');
  });

  it.each([
    // The session before and after each DST switch, and the 2006 → 2007 rule change.
    ['2024-03-08', '2024-03-08T14:30:00.000Z', '2024-03-08T21:00:00.000Z'],
    ['2024-03-11', '2024-03-11T13:30:00.000Z', '2024-03-11T20:00:00.000Z'],
    ['2024-11-01', '2024-11-01T13:30:00.000Z', '2024-11-01T20:00:00.000Z'],
    ['2024-11-04', '2024-11-04T14:30:00.000Z', '2024-11-04T21:00:00.000Z'],
    ['2006-03-31', '2006-03-31T14:30:00.000Z', '2006-03-31T21:00:00.000Z'],
    ['2006-04-03', '2006-04-03T13:30:00.000Z', '2006-04-03T20:00:00.000Z'],
    ['2006-10-27', '2006-10-27T13:30:00.000Z', '2006-10-27T20:00:00.000Z'],
    ['2006-10-30', '2006-10-30T14:30:00.000Z', '2006-10-30T21:00:00.000Z'],
    ['2007-03-09', '2007-03-09T14:30:00.000Z', '2007-03-09T21:00:00.000Z'],
    ['2007-03-12', '2007-03-12T13:30:00.000Z', '2007-03-12T20:00:00.000Z'],
    ['2007-11-02', '2007-11-02T13:30:00.000Z', '2007-11-02T20:00:00.000Z'],
    ['2007-11-05', '2007-11-05T14:30:00.000Z', '2007-11-05T21:00:00.000Z'],
  ])('%s opens %s and closes %s', (date, open, close) => {
    const s = clock.session(date);
    expect([iso(s?.open), iso(s?.close)]).toEqual([open, close]);
  });

  it.each([
    [2019, 252],
    [2020, 253],
    [2021, 252],
    [2022, 251],
    [2023, 250],
    [2024, 252],
    [2025, 250],
    [2001, 248],
  ])('%i has %i sessions', (year, count) => {
    expect(clock.sessionsBetween(`${year}-01-01`, `${year}-12-31`)).toHaveLength(count);
  });

  it('places every session of 2000–2100 at its New York wall times', () => {
    const wrong = clock
      .sessionsBetween('2000-01-01', '2100-12-31')
      .filter(
        (s) =>
          s.open.getTime() !== nyWallTime(s.date, '09:30').getTime() ||
          s.close.getTime() !== nyWallTime(s.date, s.earlyClose ? '13:00' : '16:00').getTime(),
      );
    expect(wrong).toEqual([]);
  });

  it('hands out fresh Dates, so a caller cannot corrupt the table', () => {
    clock.session('2024-07-02')!.open.setTime(0);
    expect(iso(clock.session('2024-07-02')?.open)).toBe('2024-07-02T13:30:00.000Z');
  });

  it('rejects malformed dates', () => {
    expect(() => clock.session('2024-02-30')).toThrow(RangeError);
    expect(() => clock.sessionsBetween('2024-1-1', '2024-02-01')).toThrow(RangeError);
  });
});

describe('sessionsBetween / previousSession / nextSession', () => {
  it('crosses the year boundary', () => {
    expect(clock.sessionsBetween('2021-12-23', '2022-01-04').map((s) => s.date)).toEqual([
      '2021-12-23',
      '2021-12-27',
      '2021-12-28',
      '2021-12-29',
      '2021-12-30',
      '2021-12-31',
      '2022-01-03',
      '2022-01-04',
    ]);
    expect(clock.sessionsBetween('2016-12-30', '2017-01-03').map((s) => s.date)).toEqual(['2016-12-30', '2017-01-03']);
  });

  it('is inclusive and empty when reversed', () => {
    expect(clock.sessionsBetween('2024-07-03', '2024-07-03').map((s) => s.date)).toEqual(['2024-07-03']);
    expect(clock.sessionsBetween('2024-07-05', '2024-07-03')).toEqual([]);
  });

  it.each([
    ['2024-01-02', '2023-12-29', '2024-01-03'],
    ['2024-04-01', '2024-03-28', '2024-04-02'],
    ['2024-03-29', '2024-03-28', '2024-04-01'],
    ['2024-03-30', '2024-03-28', '2024-04-01'],
    ['2001-09-11', '2001-09-10', '2001-09-17'],
    ['2000-01-03', '1999-12-31', '2000-01-04'],
    ['2100-12-31', '2100-12-30', '2101-01-03'],
  ])('around %s: previous %s, next %s', (date, prev, next) => {
    expect(clock.previousSession(date).date).toBe(prev);
    expect(clock.nextSession(date).date).toBe(next);
  });
});

describe('sessionAt / isOpen', () => {
  it.each([
    ['2024-07-02T13:29:59.999Z', false],
    ['2024-07-02T13:30:00.000Z', true],
    ['2024-07-02T19:59:59.999Z', true],
    ['2024-07-02T20:00:00.000Z', false],
    ['2024-07-03T16:59:59.999Z', true],
    ['2024-07-03T17:00:00.000Z', false],
    ['2024-07-04T15:00:00.000Z', false],
    ['2024-07-06T15:00:00.000Z', false],
    ['2024-01-02T14:29:59.999Z', false],
    ['2024-01-02T14:30:00.000Z', true],
    ['2024-01-02T21:00:00.000Z', false],
  ])('at %s open is %s', (instant, open) => {
    expect(clock.isOpen(at(instant))).toBe(open);
    expect(clock.sessionAt(at(instant))?.date ?? null).toBe(open ? instant.slice(0, 10) : null);
  });
});

describe('sessionsOverlapping', () => {
  it('keeps sessions with close > from and open < to', () => {
    const dates = (f: string, t: string) => clock.sessionsOverlapping(at(f), at(t)).map((s) => s.date);
    expect(dates('2024-07-02T20:00:00Z', '2024-07-05T13:30:00Z')).toEqual(['2024-07-03']);
    expect(dates('2024-07-02T19:59:00Z', '2024-07-05T13:31:00Z')).toEqual(['2024-07-02', '2024-07-03', '2024-07-05']);
    expect(dates('2024-07-06T00:00:00Z', '2024-07-08T00:00:00Z')).toEqual([]);
    expect(dates('2024-07-02T15:00:00Z', '2024-07-02T15:00:00Z')).toEqual(['2024-07-02']);
  });
});

describe('nextOpen / nextClose', () => {
  it.each([
    // Before the open, during, at the open (strictly after), at the close.
    ['2024-07-02T12:00:00Z', '2024-07-02T13:30:00.000Z', '2024-07-02T20:00:00.000Z'],
    ['2024-07-02T15:00:00Z', '2024-07-03T13:30:00.000Z', '2024-07-02T20:00:00.000Z'],
    ['2024-07-02T13:30:00Z', '2024-07-03T13:30:00.000Z', '2024-07-02T20:00:00.000Z'],
    ['2024-07-02T20:00:00Z', '2024-07-03T13:30:00.000Z', '2024-07-03T17:00:00.000Z'],
    // Early close, then Independence Day.
    ['2024-07-03T17:00:00Z', '2024-07-05T13:30:00.000Z', '2024-07-05T20:00:00.000Z'],
    // Friday evening across the weekend, and across a DST switch.
    ['2024-03-08T22:00:00Z', '2024-03-11T13:30:00.000Z', '2024-03-11T20:00:00.000Z'],
    ['2024-11-01T22:00:00Z', '2024-11-04T14:30:00.000Z', '2024-11-04T21:00:00.000Z'],
    // Thursday before Good Friday, then Easter Monday.
    ['2024-03-28T21:00:00Z', '2024-04-01T13:30:00.000Z', '2024-04-01T20:00:00.000Z'],
    // Thanksgiving: next session is the Friday early close.
    ['2023-11-22T22:00:00Z', '2023-11-24T14:30:00.000Z', '2023-11-24T18:00:00.000Z'],
    // Friday evening Dec 31 into the next year (Saturday New Year not observed).
    ['2021-12-31T22:00:00Z', '2022-01-03T14:30:00.000Z', '2022-01-03T21:00:00.000Z'],
    ['2027-12-31T23:30:00Z', '2028-01-03T14:30:00.000Z', '2028-01-03T21:00:00.000Z'],
    // Sunday New Year observed on Monday.
    ['2016-12-30T21:00:00Z', '2017-01-03T14:30:00.000Z', '2017-01-03T21:00:00.000Z'],
    // Hurricane Sandy.
    ['2012-10-26T20:00:00Z', '2012-10-31T13:30:00.000Z', '2012-10-31T20:00:00.000Z'],
  ])('at %s: next open %s, next close %s', (instant, open, close) => {
    expect(clock.nextOpen(at(instant)).toISOString()).toBe(open);
    expect(clock.nextClose(at(instant)).toISOString()).toBe(close);
  });

  it('rejects an invalid Date', () => {
    expect(() => clock.nextOpen(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('provider calendar', () => {
  const calendar: ProviderCalendar = {
    from: '2024-07-01',
    to: '2024-07-12',
    days: [
      { date: '2024-07-01', open: '09:30', close: '16:00' },
      { date: '2024-07-02', open: '09:30', close: '16:00' },
      // The provider says full day on July 3 and a closure on July 5 that the rules don't know.
      { date: '2024-07-03', open: '09:30', close: '16:00' },
      { date: '2024-07-08', open: '09:30', close: '14:00' },
      { date: '2024-07-09', open: '10:30', close: '16:00' },
      { date: '2024-07-10', open: '09:30', close: '16:00' },
      { date: '2024-07-11', open: '09:30', close: '16:00' },
      { date: '2024-07-12', open: '09:30', close: '16:00' },
      // Outside the window: ignored, the rules decide.
      { date: '2024-07-13', open: '09:30', close: '16:00' },
    ],
  };
  const c = new MarketClock({ calendar });

  it('wins inside the window', () => {
    expect(c.session('2024-07-05')).toBeNull();
    expect(c.session('2024-07-03')?.earlyClose).toBe(false);
    expect(iso(c.session('2024-07-03')?.close)).toBe('2024-07-03T20:00:00.000Z');
    expect(c.session('2024-07-08')).toEqual({
      date: '2024-07-08',
      open: nyWallTime('2024-07-08', '09:30'),
      close: nyWallTime('2024-07-08', '14:00'),
      earlyClose: true,
    });
    expect(iso(c.session('2024-07-09')?.open)).toBe('2024-07-09T14:30:00.000Z');
    expect(c.sessionsBetween('2024-07-01', '2024-07-12')).toHaveLength(8);
  });

  it('leaves the rules in charge outside the window', () => {
    expect(c.session('2024-07-13')).toBeNull();
    expect(c.session('2024-06-28')?.earlyClose).toBe(false);
    expect(c.session('2024-07-15')).not.toBeNull();
    expect(c.session('2024-06-19')).toBeNull();
    expect(c.sessionsBetween('2024-01-01', '2024-12-31')).toHaveLength(252 - 1);
  });

  it('drives navigation and bars', () => {
    expect(c.nextOpen(at('2024-07-03T21:00:00Z')).toISOString()).toBe('2024-07-08T13:30:00.000Z');
    expect(c.previousSession('2024-07-08').date).toBe('2024-07-03');
    expect(c.isOpen(at('2024-07-08T18:30:00Z'))).toBe(false);
    expect(c.isOpen(at('2024-07-09T14:00:00Z'))).toBe(false);
    expect(c.countExpectedBars('h1', nyWallTime('2024-07-08', '00:00'), nyWallTime('2024-07-09', '00:00'))).toBe(5);
    expect(c.countExpectedBars('d1', nyWallTime('2024-07-01', '00:00'), nyWallTime('2024-07-08', '00:00'))).toBe(3);
    // The rules-only clock is untouched.
    expect(clock.session('2024-07-05')).not.toBeNull();
  });

  it('can empty a whole window', () => {
    const dark = new MarketClock({ calendar: { from: '2024-01-01', to: '2024-02-29', days: [] } });
    expect(dark.sessionsBetween('2023-12-01', '2024-03-31').some((s) => s.date.startsWith('2024-01'))).toBe(false);
    expect(dark.nextSession('2023-12-29').date).toBe('2024-03-01');
    expect(dark.previousSession('2024-03-01').date).toBe('2023-12-29');
  });

  it.each([
    ['reversed window', { from: '2024-02-01', to: '2024-01-01', days: [] }],
    ['bad date', { from: '2024-01-01', to: '2024-01-31', days: [{ date: '2024-01-32', open: '09:30', close: '16:00' }] }],
    ['bad time', { from: '2024-01-01', to: '2024-01-31', days: [{ date: '2024-01-02', open: '9:30', close: '16:00' }] }],
    ['close before open', { from: '2024-01-01', to: '2024-01-31', days: [{ date: '2024-01-02', open: '16:00', close: '09:30' }] }],
    [
      'duplicate day',
      {
        from: '2024-01-01',
        to: '2024-01-31',
        days: [
          { date: '2024-01-02', open: '09:30', close: '16:00' },
          { date: '2024-01-02', open: '09:30', close: '13:00' },
        ],
      },
    ],
  ])('rejects a %s', (_what, cal) => {
    expect(() => new MarketClock({ calendar: cal })).toThrow(RangeError);
  });
});
