import { marketClock } from './sessions';
import type { Timeframe } from './timeframes';
import { assessFreshness, dataStatusOf } from './freshness';

const SLA: Record<Timeframe, number> = { m15: 30, h1: 120, h4: 480, d1: 1440, w1: 10_080 };

// January 2024 is EST (UTC−5): sessions run 14:30–21:00 UTC. Mon 15 Jan is a holiday (MLK day);
// the week of 22–26 Jan is a plain five-session week.
const cases: Array<{
  name: string;
  tf: Timeframe;
  now: string;
  last: string | null;
  within: boolean;
  age: number | null;
}> = [
  { name: 'm15 during a session, newest closed bar stored', tf: 'm15', now: '2024-01-23T15:50:00Z', last: '2024-01-23T15:30:00Z', within: true, age: 20 },
  { name: 'm15 during a session, two bars behind but the older closed 15 min ago', tf: 'm15', now: '2024-01-23T17:00:00Z', last: '2024-01-23T16:15:00Z', within: true, age: 45 },
  { name: 'm15 during a session, hours behind', tf: 'm15', now: '2024-01-23T17:00:00Z', last: '2024-01-23T15:00:00Z', within: false, age: 120 },
  { name: 'm15 at 10:10, nothing since yesterday: the 9:30 bar is 25 min late', tf: 'm15', now: '2024-01-23T15:10:00Z', last: '2024-01-22T20:45:00Z', within: true, age: 1105 },
  { name: 'm15 at 10:30, nothing since yesterday: the 9:30 bar is 45 min late', tf: 'm15', now: '2024-01-23T15:30:00Z', last: '2024-01-22T20:45:00Z', within: false, age: 1125 },
  { name: 'm15 over a weekend, Friday 15:45 bar stored', tf: 'm15', now: '2024-01-28T18:00:00Z', last: '2024-01-26T20:45:00Z', within: true, age: 2715 },
  { name: 'm15 on a holiday Monday, Friday 15:45 bar stored', tf: 'm15', now: '2024-01-15T17:00:00Z', last: '2024-01-12T20:45:00Z', within: true, age: 4095 },
  { name: 'm15 over a weekend, Friday afternoon missing', tf: 'm15', now: '2024-01-27T12:00:00Z', last: '2024-01-26T18:00:00Z', within: false, age: 1080 },
  { name: 'h1 during a session, 10:30 bar stored at 11:40', tf: 'h1', now: '2024-01-23T16:40:00Z', last: '2024-01-23T15:30:00Z', within: true, age: 70 },
  { name: 'h4 after the close, clipped 13:30 bar stored', tf: 'h4', now: '2024-01-23T23:00:00Z', last: '2024-01-23T18:30:00Z', within: true, age: 270 },
  { name: 'h4 next morning, clipped 13:30 bar missing for 18 h', tf: 'h4', now: '2024-01-24T15:00:00Z', last: '2024-01-23T14:30:00Z', within: false, age: 1470 },
  { name: 'd1 over a weekend, Friday bar stored', tf: 'd1', now: '2024-01-28T18:00:00Z', last: '2024-01-26T14:30:00Z', within: true, age: 3090 },
  { name: 'd1 Saturday morning, Friday bar missing for 15 h', tf: 'd1', now: '2024-01-27T12:00:00Z', last: '2024-01-25T14:30:00Z', within: true, age: 2730 },
  { name: 'd1 Sunday, Friday bar missing for 39 h', tf: 'd1', now: '2024-01-28T12:00:00Z', last: '2024-01-25T14:30:00Z', within: false, age: 4170 },
  { name: 'd1 during a session, yesterday stored', tf: 'd1', now: '2024-01-24T17:00:00Z', last: '2024-01-23T14:30:00Z', within: true, age: 1590 },
  { name: 'w1 mid-week, the short holiday week stored', tf: 'w1', now: '2024-01-24T17:00:00Z', last: '2024-01-16T14:30:00Z', within: true, age: 11_670 },
  { name: 'w1 one week behind, missing week closed 4 d 20 h ago', tf: 'w1', now: '2024-01-31T17:00:00Z', last: '2024-01-16T14:30:00Z', within: true, age: 21_750 },
  { name: 'w1 two weeks behind, missing week closed 7 d 15 h ago', tf: 'w1', now: '2024-02-03T12:00:00Z', last: '2024-01-16T14:30:00Z', within: false, age: 25_770 },
  { name: 'no bars stored', tf: 'd1', now: '2024-01-23T15:50:00Z', last: null, within: false, age: null },
];

describe('assessFreshness', () => {
  test.each(cases)('$name', ({ tf, now, last, within, age }) => {
    const f = assessFreshness({
      now: new Date(now),
      lastBarTs: last === null ? null : new Date(last),
      timeframe: tf,
      slaMinutes: SLA[tf],
      clock: marketClock,
    });
    expect(f).toEqual({ ageMinutes: age, slaMinutes: SLA[tf], isWithinSla: within });
  });

  test('a bar newer than the last closed one (the live bar) is fresh', () => {
    const f = assessFreshness({
      now: new Date('2024-01-23T15:50:00Z'),
      lastBarTs: new Date('2024-01-23T15:45:00Z'),
      timeframe: 'm15',
      slaMinutes: 30,
      clock: marketClock,
    });
    expect(f).toEqual({ ageMinutes: 5, slaMinutes: 30, isWithinSla: true });
  });
});

describe('dataStatusOf', () => {
  const fresh = { ageMinutes: 1, slaMinutes: 30, isWithinSla: true };
  const stale = { ageMinutes: 100, slaMinutes: 30, isWithinSla: false };
  test.each([
    [fresh, false, 'fresh'],
    [stale, false, 'stale'],
    [fresh, true, 'updating'],
    [stale, true, 'updating'],
  ] as const)('%j, updating=%s → %s', (f, updating, status) => {
    expect(dataStatusOf(f, updating)).toBe(status);
  });
});
