import { marketClock } from '../sessions';
import { DEFAULT_POLICY, marketPolicy, PolicyEnv } from '../policy';
import { assessOptionSnapshot } from './freshness';

const SLA = DEFAULT_POLICY.optionsSlaMinutes;
// January 2024 is EST: Tuesday 23 Jan's session runs 14:30–21:00 UTC; 27–28 Jan is a weekend.
const cases = [
  { name: 'open, snapshot 30 min old', now: '2024-01-23T17:00:00Z', at: '2024-01-23T16:30:00Z', stale: false, age: 30 },
  { name: 'open, snapshot exactly at the SLA', now: '2024-01-23T20:30:00Z', at: '2024-01-23T16:30:00Z', stale: false, age: 240 },
  { name: 'open, snapshot a minute past the SLA', now: '2024-01-23T20:31:00Z', at: '2024-01-23T16:30:00Z', stale: true, age: 241 },
  { name: "open, only yesterday's after-close snapshot", now: '2024-01-23T15:00:00Z', at: '2024-01-22T21:30:00Z', stale: true, age: 1050 },
  { name: 'closed (evening), snapshot 5 h old', now: '2024-01-23T23:00:00Z', at: '2024-01-23T18:00:00Z', stale: false, age: 300 },
  { name: "weekend, Friday's snapshot", now: '2024-01-28T12:00:00Z', at: '2024-01-26T21:15:00Z', stale: false, age: 2325 },
  { name: 'closed, none stored', now: '2024-01-28T12:00:00Z', at: null, stale: true, age: null },
  { name: 'open, none stored', now: '2024-01-23T17:00:00Z', at: null, stale: true, age: null },
];

describe('assessOptionSnapshot', () => {
  test.each(cases)('$name', ({ now, at, stale, age }) => {
    const f = assessOptionSnapshot({ now: new Date(now), latestSnapshotAt: at ? new Date(at) : null, slaMinutes: SLA, clock: marketClock });
    expect(f).toEqual({ ageMinutes: age, slaMinutes: SLA, isStale: stale });
  });

  test('the SLA comes from SLA_MINUTES_OPTIONS, default four hours', () => {
    expect(marketPolicy(PolicyEnv.parse({})).optionsSlaMinutes).toBe(240);
    expect(marketPolicy(PolicyEnv.parse({ SLA_MINUTES_OPTIONS: '30' })).optionsSlaMinutes).toBe(30);
    expect(() => PolicyEnv.parse({ SLA_MINUTES_OPTIONS: '0' })).toThrow();
  });
});
