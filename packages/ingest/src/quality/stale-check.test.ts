import { marketClock, type Timeframe } from '@marketfleet/market';
import { DEFAULT_QUALITY_CONFIG } from './config';
import { checkStale } from './stale-check';

const SLA = DEFAULT_QUALITY_CONFIG.slaMinutes;

// January 2024 is EST (sessions 14:30–21:00 UTC); Mon 15 Jan is a holiday.
describe('checkStale', () => {
  test.each<{ name: string; tf: Timeframe; now: string; last: string | null; lag: number | null | 'fresh' }>([
    { name: 'm15 during a session, newest closed bar stored', tf: 'm15', now: '2024-01-23T15:50:00Z', last: '2024-01-23T15:30:00Z', lag: 'fresh' },
    { name: 'm15 during a session, hours behind', tf: 'm15', now: '2024-01-23T17:00:00Z', last: '2024-01-23T15:00:00Z', lag: 90 },
    { name: 'm15 at 10:10, nothing since yesterday: within the SLA', tf: 'm15', now: '2024-01-23T15:10:00Z', last: '2024-01-22T20:45:00Z', lag: 'fresh' },
    { name: 'm15 at 10:30, nothing since yesterday', tf: 'm15', now: '2024-01-23T15:30:00Z', last: '2024-01-22T20:45:00Z', lag: 45 },
    { name: 'm15 over a weekend, Friday 15:45 stored', tf: 'm15', now: '2024-01-28T18:00:00Z', last: '2024-01-26T20:45:00Z', lag: 'fresh' },
    { name: 'm15 on a holiday Monday, Friday 15:45 stored', tf: 'm15', now: '2024-01-15T17:00:00Z', last: '2024-01-12T20:45:00Z', lag: 'fresh' },
    { name: 'd1 Saturday morning, Friday missing for 15 h', tf: 'd1', now: '2024-01-27T12:00:00Z', last: '2024-01-25T14:30:00Z', lag: 'fresh' },
    { name: 'd1 Sunday, Friday missing for 39 h', tf: 'd1', now: '2024-01-28T12:00:00Z', last: '2024-01-25T14:30:00Z', lag: 2340 },
    { name: 'w1 two weeks behind', tf: 'w1', now: '2024-02-03T12:00:00Z', last: '2024-01-16T14:30:00Z', lag: 10_980 },
    { name: 'nothing stored', tf: 'd1', now: '2024-01-23T15:50:00Z', last: null, lag: null },
  ])('$name', ({ tf, now, last, lag }) => {
    const finding = checkStale(marketClock, { timeframe: tf, now: new Date(now), lastBarTs: last ? new Date(last) : null }, SLA[tf]);
    if (lag === 'fresh') return expect(finding).toBeNull();
    expect(finding).toMatchObject({ kind: 'stale', sessionDate: null, detail: { lastBarTs: last && new Date(last).toISOString(), slaMinutes: SLA[tf], lagMinutes: lag } });
  });
});
