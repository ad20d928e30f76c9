import { MarketClock, TIMEFRAMES, marketClock as clock, nyWallTime, type Timeframe } from './index';

const at = (iso: string): Date => new Date(iso);
const isos = (list: Date[]): string[] => list.map((d) => d.toISOString());
/** New York midnight starting a date. */
const ny = (date: string, hhmm = '00:00'): Date => nyWallTime(date, hhmm);

describe('countExpectedBars', () => {
  it('agrees with expectedBars over ten years of m15, on a fresh clock and a warm one', () => {
    const fresh = new MarketClock();
    const from = ny('2010-01-01');
    const to = ny('2020-01-01');
    const n = fresh.countExpectedBars('m15', from, to);
    expect(n).toBe(fresh.expectedBars('m15', from, to).length);
    expect(fresh.countExpectedBars('m15', from, to)).toBe(n);
  });
});

describe('barStart', () => {
  it.each([
    ['m15', '2024-07-02T13:30:00Z', '2024-07-02T13:30:00.000Z'],
    ['m15', '2024-07-02T13:44:59.999Z', '2024-07-02T13:30:00.000Z'],
    ['m15', '2024-07-02T13:45:00Z', '2024-07-02T13:45:00.000Z'],
    ['m15', '2024-07-02T19:59:59Z', '2024-07-02T19:45:00.000Z'],
    ['h1', '2024-07-02T14:29:00Z', '2024-07-02T13:30:00.000Z'],
    ['h1', '2024-07-02T14:30:00Z', '2024-07-02T14:30:00.000Z'],
    ['h1', '2024-07-02T19:45:00Z', '2024-07-02T19:30:00.000Z'],
    ['h1', '2024-07-03T16:59:00Z', '2024-07-03T16:30:00.000Z'],
    ['h4', '2024-07-02T17:29:00Z', '2024-07-02T13:30:00.000Z'],
    ['h4', '2024-07-02T17:30:00Z', '2024-07-02T17:30:00.000Z'],
    ['h4', '2024-07-03T16:00:00Z', '2024-07-03T13:30:00.000Z'],
    ['d1', '2024-07-02T19:00:00Z', '2024-07-02T13:30:00.000Z'],
    // w1: the week's first session; Monday July 1 here, Tuesday after a Monday holiday.
    ['w1', '2024-07-05T19:00:00Z', '2024-07-01T13:30:00.000Z'],
    ['w1', '2024-09-06T15:00:00Z', '2024-09-03T13:30:00.000Z'],
    ['w1', '2024-01-05T15:00:00Z', '2024-01-02T14:30:00.000Z'],
    // A week spanning a DST switch keeps its start.
    ['w1', '2024-11-04T15:00:00Z', '2024-11-04T14:30:00.000Z'],
    ['w1', '2022-01-07T15:00:00Z', '2022-01-03T14:30:00.000Z'],
  ] as const)('%s at %s is %s', (tf, instant, start) => {
    expect(clock.barStart(at(instant), tf)?.toISOString()).toBe(start);
  });

  it.each(TIMEFRAMES)('%s is null outside sessions and at the close', (tf) => {
    for (const instant of [
      '2024-07-02T13:29:59.999Z',
      '2024-07-02T20:00:00Z',
      '2024-07-03T17:00:00Z',
      '2024-07-04T15:00:00Z',
      '2024-07-06T15:00:00Z',
    ]) {
      expect(clock.barStart(at(instant), tf)).toBeNull();
    }
  });

  it('rejects an unknown timeframe at runtime', () => {
    expect(() => clock.barStart(at('2024-07-02T15:00:00Z'), 'm5' as Timeframe)).toThrow(RangeError);
  });
});

describe('barEnd', () => {
  it.each([
    ['m15', '2024-07-02T13:30:00Z', '2024-07-02T13:45:00.000Z'],
    ['m15', '2024-07-02T19:45:00Z', '2024-07-02T20:00:00.000Z'],
    ['h1', '2024-07-02T13:30:00Z', '2024-07-02T14:30:00.000Z'],
    ['h1', '2024-07-02T19:30:00Z', '2024-07-02T20:00:00.000Z'],
    ['h1', '2024-07-03T16:30:00Z', '2024-07-03T17:00:00.000Z'],
    ['h4', '2024-07-02T13:30:00Z', '2024-07-02T17:30:00.000Z'],
    ['h4', '2024-07-02T17:30:00Z', '2024-07-02T20:00:00.000Z'],
    ['h4', '2024-07-03T13:30:00Z', '2024-07-03T17:00:00.000Z'],
    ['d1', '2024-07-02T13:30:00Z', '2024-07-02T20:00:00.000Z'],
    ['d1', '2024-07-03T13:30:00Z', '2024-07-03T17:00:00.000Z'],
    ['w1', '2024-07-01T13:30:00Z', '2024-07-05T20:00:00.000Z'],
    // Thanksgiving week ends at Friday's 13:00 close; the week of September 11, 2001 on Monday.
    ['w1', '2023-11-20T14:30:00Z', '2023-11-24T18:00:00.000Z'],
    ['w1', '2001-09-10T13:30:00Z', '2001-09-10T20:00:00.000Z'],
    // Across a year end: Dec 27 2021 .. Dec 31 2021 (Christmas observed Friday Dec 24 the week before).
    ['w1', '2021-12-27T14:30:00Z', '2021-12-31T21:00:00.000Z'],
  ] as const)('%s from %s is %s', (tf, start, end) => {
    expect(clock.barEnd(at(start), tf).toISOString()).toBe(end);
  });

  it('throws outside sessions', () => {
    expect(() => clock.barEnd(at('2024-07-04T15:00:00Z'), 'h1')).toThrow(RangeError);
    expect(() => clock.barEnd(at('2024-07-02T20:00:00Z'), 'd1')).toThrow(RangeError);
  });
});

describe('expectedBars', () => {
  const week = (tf: Timeframe) => clock.expectedBars(tf, ny('2023-11-20'), ny('2023-11-27'));

  it.each([
    ['m15', 3 * 26 + 14],
    ['h1', 3 * 7 + 4],
    ['h4', 3 * 2 + 1],
    ['d1', 4],
    ['w1', 1],
  ] as const)('Thanksgiving week 2023 has %s × %i', (tf, n) => {
    expect(week(tf)).toHaveLength(n);
    expect(clock.countExpectedBars(tf, ny('2023-11-20'), ny('2023-11-27'))).toBe(n);
  });

  it('lays out full and early-close sessions', () => {
    expect(isos(clock.expectedBars('h1', ny('2024-07-02'), ny('2024-07-04')))).toEqual([
      '2024-07-02T13:30:00.000Z',
      '2024-07-02T14:30:00.000Z',
      '2024-07-02T15:30:00.000Z',
      '2024-07-02T16:30:00.000Z',
      '2024-07-02T17:30:00.000Z',
      '2024-07-02T18:30:00.000Z',
      '2024-07-02T19:30:00.000Z',
      '2024-07-03T13:30:00.000Z',
      '2024-07-03T14:30:00.000Z',
      '2024-07-03T15:30:00.000Z',
      '2024-07-03T16:30:00.000Z',
    ]);
    expect(isos(clock.expectedBars('h4', ny('2024-07-02'), ny('2024-07-04')))).toEqual([
      '2024-07-02T13:30:00.000Z',
      '2024-07-02T17:30:00.000Z',
      '2024-07-03T13:30:00.000Z',
    ]);
    expect(clock.expectedBars('m15', ny('2024-07-02'), ny('2024-07-03'))).toHaveLength(26);
    expect(clock.expectedBars('m15', ny('2024-07-03'), ny('2024-07-04'))).toHaveLength(14);
    expect(isos(clock.expectedBars('m15', ny('2024-07-03'), ny('2024-07-04')).slice(-1))).toEqual([
      '2024-07-03T16:45:00.000Z',
    ]);
  });

  it('keeps from <= start < to', () => {
    const h1 = (f: string, t: string) => isos(clock.expectedBars('h1', at(f), at(t)));
    expect(h1('2024-07-02T14:30:00Z', '2024-07-02T16:30:00Z')).toEqual([
      '2024-07-02T14:30:00.000Z',
      '2024-07-02T15:30:00.000Z',
    ]);
    expect(h1('2024-07-02T14:30:00.001Z', '2024-07-02T16:30:00.001Z')).toEqual([
      '2024-07-02T15:30:00.000Z',
      '2024-07-02T16:30:00.000Z',
    ]);
    expect(h1('2024-07-02T15:00:00Z', '2024-07-02T15:00:00Z')).toEqual([]);
    expect(h1('2024-07-03T00:00:00Z', '2024-07-02T00:00:00Z')).toEqual([]);
    // A week bar that started before `from` is not in the range.
    expect(clock.expectedBars('w1', ny('2023-11-21'), ny('2023-12-02'))).toHaveLength(1);
    expect(isos(clock.expectedBars('w1', ny('2023-11-21'), ny('2023-12-02')))).toEqual(['2023-11-27T14:30:00.000Z']);
  });

  it('starts each week at its first session, across holidays and year ends', () => {
    expect(isos(clock.expectedBars('w1', ny('2021-12-20'), ny('2022-01-17')))).toEqual([
      '2021-12-20T14:30:00.000Z',
      '2021-12-27T14:30:00.000Z',
      '2022-01-03T14:30:00.000Z',
      '2022-01-10T14:30:00.000Z',
    ]);
    expect(isos(clock.expectedBars('w1', ny('2001-09-03'), ny('2001-09-24')))).toEqual([
      '2001-09-04T13:30:00.000Z',
      '2001-09-10T13:30:00.000Z',
      '2001-09-17T13:30:00.000Z',
    ]);
  });

  it('agrees with barStart, barEnd and countExpectedBars, and tiles every session, 2000–2100', () => {
    const problems: string[] = [];
    const years = [2000, 2001, 2002, 2006, 2007, 2012, 2020, 2021, 2024, 2037, 2038, 2099, 2100];
    for (const year of years) {
      const from = ny(`${year}-01-01`);
      const to = ny(`${year + 1}-01-01`);
      const sessions = clock.sessionsBetween(`${year}-01-01`, `${year}-12-31`);
      const hours = sessions.reduce((sum, s) => sum + s.close.getTime() - s.open.getTime(), 0);
      for (const tf of TIMEFRAMES) {
        const bars = clock.expectedBars(tf, from, to);
        if (clock.countExpectedBars(tf, from, to) !== bars.length) problems.push(`${year} ${tf} count`);
        let covered = 0;
        for (const [i, start] of bars.entries()) {
          const s = start.getTime();
          const e = clock.barEnd(start, tf).getTime();
          const next = bars[i + 1]?.getTime() ?? Infinity;
          if (clock.barStart(start, tf)?.getTime() !== s || e <= s || e > next) problems.push(`${tf} ${start.toISOString()}`);
          covered += e - s;
        }
        if (tf === 'd1' && bars.length !== sessions.length) problems.push(`${year} d1 length`);
        // Bars cover exactly the session hours: no gaps, no overlaps.
        if (tf !== 'w1' && covered !== hours) problems.push(`${year} ${tf} coverage`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('counts ten years of m15 as the sum over sessions', () => {
    const sessions = clock.sessionsBetween('2010-01-01', '2019-12-31');
    const early = sessions.filter((s) => s.earlyClose).length;
    expect(clock.countExpectedBars('m15', ny('2010-01-01'), ny('2020-01-01'))).toBe(
      (sessions.length - early) * 26 + early * 14,
    );
  });
});

describe('lastClosedBar', () => {
  it.each([
    // Inside a session: the last bar that has ended.
    ['h1', '2024-07-02T14:30:00Z', '2024-07-02T13:30:00.000Z'],
    ['h1', '2024-07-02T15:29:59Z', '2024-07-02T13:30:00.000Z'],
    ['m15', '2024-07-02T13:45:00Z', '2024-07-02T13:30:00.000Z'],
    ['h4', '2024-07-02T19:59:00Z', '2024-07-02T13:30:00.000Z'],
    // Early in the session: the previous session's last (clipped) bar.
    ['h1', '2024-07-02T14:29:59Z', '2024-07-01T19:30:00.000Z'],
    ['h1', '2024-07-02T13:30:00Z', '2024-07-01T19:30:00.000Z'],
    ['m15', '2024-07-02T13:30:00Z', '2024-07-01T19:45:00.000Z'],
    ['h4', '2024-07-02T17:00:00Z', '2024-07-01T17:30:00.000Z'],
    // At and after the close.
    ['h1', '2024-07-02T20:00:00Z', '2024-07-02T19:30:00.000Z'],
    ['h4', '2024-07-02T20:00:00Z', '2024-07-02T17:30:00.000Z'],
    ['h1', '2024-07-03T17:00:00Z', '2024-07-03T16:30:00.000Z'],
    ['h4', '2024-07-04T12:00:00Z', '2024-07-03T13:30:00.000Z'],
    ['d1', '2024-07-02T20:00:00Z', '2024-07-02T13:30:00.000Z'],
    ['d1', '2024-07-02T19:59:59Z', '2024-07-01T13:30:00.000Z'],
    ['d1', '2024-07-07T12:00:00Z', '2024-07-05T13:30:00.000Z'],
    ['d1', '2024-01-02T10:00:00Z', '2023-12-29T14:30:00.000Z'],
    // Weeks: complete only once the week's last session has closed.
    ['w1', '2024-07-05T19:59:59Z', '2024-06-24T13:30:00.000Z'],
    ['w1', '2024-07-05T20:00:00Z', '2024-07-01T13:30:00.000Z'],
    ['w1', '2024-07-08T15:00:00Z', '2024-07-01T13:30:00.000Z'],
    ['w1', '2023-11-24T18:00:00Z', '2023-11-20T14:30:00.000Z'],
    ['w1', '2023-11-23T18:00:00Z', '2023-11-13T14:30:00.000Z'],
    ['w1', '2001-09-12T15:00:00Z', '2001-09-10T13:30:00.000Z'],
    ['w1', '2021-12-24T15:00:00Z', '2021-12-20T14:30:00.000Z'],
    ['w1', '2022-01-01T15:00:00Z', '2021-12-27T14:30:00.000Z'],
  ] as const)('%s at %s is %s', (tf, instant, start) => {
    expect(clock.lastClosedBar(tf, at(instant))?.toISOString()).toBe(start);
  });

  it('is the latest expected bar whose end has passed, every 7 minutes of three weeks', () => {
    const problems: string[] = [];
    for (const tf of TIMEFRAMES) {
      const bars = clock.expectedBars(tf, ny('2023-10-23'), ny('2023-12-04'));
      const ends = bars.map((b) => clock.barEnd(b, tf).getTime());
      for (let t = ny('2023-11-06').getTime(); t < ny('2023-11-27').getTime(); t += 7 * 60_000) {
        // Bars are ordered by end as well as by start, so the answer is the last one with end <= t.
        let i = ends.length - 1;
        while (i >= 0 && ends[i]! > t) i--;
        const got = clock.lastClosedBar(tf, new Date(t))?.getTime();
        if (got !== bars[i]?.getTime()) problems.push(`${tf} ${new Date(t).toISOString()}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
