import { marketClock, type Timeframe } from '@marketfleet/market';
import { checkGaps } from './gap-check';
import { at, fullSeries } from '@marketfleet/testing';

// July 2024 (EDT, sessions 13:30–20:00 UTC): Wed 3 Jul closes early at 13:00 New York (17:00 UTC),
// Thu 4 Jul is a holiday.
const WEEK = { fromDate: '2024-07-01', toDate: '2024-07-05' };
const AFTER = at('2024-07-06T12:00:00Z');
const series = (tf: Timeframe) => fullSeries(tf, '2024-07-01T00:00:00Z', '2024-07-06T00:00:00Z');
const without = (tf: Timeframe, ...iso: string[]) => series(tf).filter((b) => !iso.includes(b.ts.toISOString()));
const check = (tf: Timeframe, bars = series(tf), over: Partial<Parameters<typeof checkGaps>[1]> = {}) =>
  checkGaps(marketClock, { timeframe: tf, ...WEEK, now: AFTER, bars, ...over }, 30);

describe('checkGaps', () => {
  test.each(['m15', 'h1', 'h4', 'd1'] as const)('%s: a complete week with a holiday and an early close has no gaps', (tf) => {
    expect(check(tf)).toEqual({ findings: [], knownMissing: 0 });
  });

  test.each([
    {
      name: 'one m15 bar of the early close',
      tf: 'm15' as const,
      missing: ['2024-07-03T14:00:00.000Z'],
      expected: [{ sessionDate: '2024-07-03', expected: 14, missing: 1, ranges: [{ from: '2024-07-03T14:00:00.000Z', to: '2024-07-03T14:15:00.000Z', bars: 1 }] }],
    },
    {
      name: 'two runs in one session, the last clipped at the early close',
      tf: 'h1' as const,
      missing: ['2024-07-03T13:30:00.000Z', '2024-07-03T14:30:00.000Z', '2024-07-03T16:30:00.000Z'],
      expected: [{
        sessionDate: '2024-07-03', expected: 4, missing: 3,
        ranges: [
          { from: '2024-07-03T13:30:00.000Z', to: '2024-07-03T15:30:00.000Z', bars: 2 },
          { from: '2024-07-03T16:30:00.000Z', to: '2024-07-03T17:00:00.000Z', bars: 1 },
        ],
      }],
    },
    {
      name: 'a d1 bar on each side of the holiday: two sessions, two findings',
      tf: 'd1' as const,
      missing: ['2024-07-03T13:30:00.000Z', '2024-07-05T13:30:00.000Z'],
      expected: [
        { sessionDate: '2024-07-03', expected: 1, missing: 1, ranges: [{ from: '2024-07-03T13:30:00.000Z', to: '2024-07-03T17:00:00.000Z', bars: 1 }] },
        { sessionDate: '2024-07-05', expected: 1, missing: 1, ranges: [{ from: '2024-07-05T13:30:00.000Z', to: '2024-07-05T20:00:00.000Z', bars: 1 }] },
      ],
    },
  ])('$name', ({ tf, missing, expected }) => {
    const { findings } = check(tf, without(tf, ...missing));
    expect(findings).toEqual(expected.map(({ sessionDate, ...detail }) => ({ kind: 'gap', sessionDate, detail })));
  });

  test('bars still forming, or closed within the grace period, are not gaps yet', () => {
    const now = at('2024-07-05T15:00:00Z'); // 11:00 New York: 09:30–10:15 closed 30 min before
    const upTo = (iso: string) => series('m15').filter((b) => b.ts < at(iso));
    expect(check('m15', upTo('2024-07-05T14:30:00Z'), { now }).findings).toEqual([]);
    const [late] = check('m15', upTo('2024-07-05T14:15:00Z'), { now }).findings;
    expect(late).toMatchObject({ sessionDate: '2024-07-05', detail: { expected: 4, missing: 1 } });
  });

  test('a stored live bar counts as stored', () => {
    const bars = series('m15').map((b) => ({ ...b, status: 'live' as const }));
    expect(check('m15', bars).findings).toEqual([]);
  });

  test('bars inside a recorded provider gap are known, not gaps', () => {
    const bars = without('m15', '2024-07-01T13:30:00.000Z', '2024-07-01T13:45:00.000Z', '2024-07-02T13:30:00.000Z');
    const providerGaps = [{ from: at('2024-07-01T13:30:00Z'), to: at('2024-07-01T14:00:00Z') }];
    const out = check('m15', bars, { providerGaps });
    expect(out.knownMissing).toBe(2);
    expect(out.findings.map((f) => f.sessionDate)).toEqual(['2024-07-02']);
  });

  test('w1: only closed weeks are expected, a missing one is keyed by its first session', () => {
    const bars = fullSeries('w1', '2024-06-17T00:00:00Z', '2024-07-06T00:00:00Z');
    const range = { fromDate: '2024-06-17', toDate: '2024-07-05' };
    expect(check('w1', bars, range).findings).toEqual([]);
    const [gap] = check('w1', bars.filter((b) => b.ts.toISOString() !== '2024-07-01T13:30:00.000Z'), range).findings;
    expect(gap).toMatchObject({ sessionDate: '2024-07-01', detail: { ranges: [{ from: '2024-07-01T13:30:00.000Z', to: '2024-07-05T20:00:00.000Z', bars: 1 }] } });
    // Mid-week the week in progress is not expected at all.
    expect(check('w1', [], { ...range, now: at('2024-07-03T15:00:00Z') }).findings.map((f) => f.sessionDate)).toEqual(['2024-06-17', '2024-06-24']);
  });
});
