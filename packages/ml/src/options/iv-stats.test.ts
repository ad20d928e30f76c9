import { atmIvStats, ivStatsAgeSessions } from './iv-stats';

describe('atmIvStats', () => {
  it('takes one value per date within 52 weeks and ignores unusable ones', () => {
    const s = atmIvStats(
      [
        { date: '2023-03-15', atmIv: 0.9 }, // 364 days before: just outside the 52 weeks
        { date: '2023-03-16', atmIv: 0.2 },
        { date: '2024-01-02', atmIv: 0.5 },
        { date: '2024-01-02', atmIv: 0.4 }, // the later row for a date wins
        { date: '2024-02-01', atmIv: 0 },
        { date: '2024-02-02', atmIv: Number.NaN },
        { date: '2024-03-13', atmIv: 0.3 },
        { date: '2024-03-14', atmIv: 0.8 }, // after asOf
      ],
      '2024-03-13',
    );
    // Values 0.2, 0.4, 0.3: median 0.3.
    expect(s).toEqual({ low: 0.2, high: 0.4, median: 0.3, days: 3, asOf: '2024-03-13' });
  });

  it('averages the middle pair for an even count, and is null without data', () => {
    const s = atmIvStats(
      [0.1, 0.4, 0.2, 0.3].map((atmIv, i) => ({ date: `2024-01-0${i + 2}`, atmIv })),
      '2024-01-31',
    );
    expect(s?.median).toBeCloseTo(0.25, 15);
    expect(atmIvStats([], '2024-01-31')).toBeNull();
  });
});

describe('ivStatsAgeSessions', () => {
  const stats = (asOf: string | null) => ({ low: 0.2, high: 0.4, median: 0.3, days: 200, asOf });

  it('counts sessions, so holidays and weekends do not age the statistics', () => {
    expect(ivStatsAgeSessions(stats('2024-03-13'), '2024-03-13')).toBe(0);
    expect(ivStatsAgeSessions(stats('2024-03-08'), '2024-03-11')).toBe(1); // Friday → Monday
    // Wednesday 27 March → Monday 1 April 2024: Thursday and Monday; Good Friday was closed.
    expect(ivStatsAgeSessions(stats('2024-03-27'), '2024-04-01')).toBe(2);
    expect(ivStatsAgeSessions(stats(null), '2024-04-01')).toBeNull();
  });
});
