import type { RecentJobRun, SeriesStats } from '@marketfleet/db';
import { marketClock, type Timeframe } from '@marketfleet/market';
import { seriesHealth, summariseJobs, type JobSummary } from './health';

const noJobs: JobSummary = { latestStatus: 'success', latestRunAt: null, pendingJobs: 0, failedJobsLast24h: 0 };
const stats = (lastTs: string, tf: Timeframe = 'm15'): SeriesStats => ({
  symbolId: 1, timeframe: tf, firstTs: new Date('2024-06-03T13:30:00Z'), lastTs: new Date(lastTs), barCount: 100,
  lastWrittenAt: new Date(lastTs), lastRowsWritten: 7, lastProvider: 'alpaca',
});
type Input = Parameters<typeof seriesHealth>[0];
const health = (over: Partial<Omit<Input, 'now' | 'stats'>> & { now: string; lastTs?: string | null; tf?: Timeframe }) => {
  const tf = over.tf ?? 'm15';
  const { now, lastTs, tf: _tf, ...rest } = over;
  return seriesHealth({
    symbol: 'AAPL', timeframe: tf, clock: marketClock, slaMinutes: { m15: 30, h1: 120, h4: 480, d1: 1440, w1: 10_080 }[tf],
    expectedBars: 100, gaps: 0, jobs: noJobs, pendingSplits: 0, forecast: null, forecastsExpected: true, optionSnapshotAt: null, optionsSlaMinutes: 240, ...rest, now: new Date(now),
    stats: lastTs === null ? null : stats(lastTs ?? '2024-07-10T14:45:00Z', tf),
  });
};

describe('seriesHealth', () => {
  test("options: the chain's age, stale only while the market is open, and never grading the series", () => {
    // 2024-07-10 is a Wednesday (EDT): 15:07Z is 11:07 in New York, 23:00Z is after the close.
    const at = new Date('2024-07-10T10:07:00Z');
    const open = health({ now: '2024-07-10T15:07:00Z', optionSnapshotAt: at });
    expect(open.options).toEqual({ latestSnapshotAt: at.toISOString(), isStale: true, ageHours: 5 });
    expect(open.overallHealth).toBe('healthy');
    expect(health({ now: '2024-07-10T15:07:00Z', optionSnapshotAt: new Date('2024-07-10T14:37:00Z') }).options).toEqual({
      latestSnapshotAt: '2024-07-10T14:37:00.000Z', isStale: false, ageHours: 0.5,
    });
    expect(health({ now: '2024-07-10T23:00:00Z', optionSnapshotAt: at }).options.isStale).toBe(false);
    expect(health({ now: '2024-07-10T23:00:00Z' }).options).toEqual({ latestSnapshotAt: null, isStale: true, ageHours: null });
  });

  test.each([
    // [case, input, overall, stale]
    ['fresh during the session', { now: '2024-07-10T15:07:00Z', lastTs: '2024-07-10T14:45:00Z' }, 'healthy', false],
    ['stale during the session (an hour behind)', { now: '2024-07-10T16:07:00Z', lastTs: '2024-07-10T14:45:00Z' }, 'warning', true],
    ['far behind during the session', { now: '2024-07-10T19:30:00Z', lastTs: '2024-07-10T14:45:00Z' }, 'critical', true],
    ['m15 over a weekend: Friday’s last bar is current', { now: '2024-07-14T12:00:00Z', lastTs: '2024-07-12T19:45:00Z' }, 'healthy', false],
    ['d1 over a weekend without Friday’s bar', { tf: 'd1' as const, now: '2024-07-14T12:00:00Z', lastTs: '2024-07-11T13:30:00Z' }, 'warning', true],
    ['no bars at all', { now: '2024-07-10T15:07:00Z', lastTs: null }, 'critical', true],
  ])('%s', (_name, input, overall, stale) => {
    const h = health(input);
    expect(h.overallHealth).toBe(overall);
    expect(h.freshness.isStale).toBe(stale);
  });

  test('a failed fetch warns, three in a day are critical', () => {
    const now = '2024-07-10T15:07:00Z';
    expect(health({ now, jobs: { ...noJobs, failedJobsLast24h: 1 } }).overallHealth).toBe('warning');
    expect(health({ now, jobs: { ...noJobs, failedJobsLast24h: 3 } }).overallHealth).toBe('critical');
  });

  test('an open gap or a pending split warns, and is reported', () => {
    const now = '2024-07-10T15:07:00Z';
    const gap = health({ now, gaps: 2 });
    expect(gap).toMatchObject({ overallHealth: 'warning', coverage: { gaps: 2, expectedBars: 100, actualBars: 100 } });
    const split = health({ now, pendingSplits: 1 });
    expect(split).toMatchObject({ overallHealth: 'warning', market: { hasPendingSplits: true, pendingSplitCount: 1, isOpen: true } });
  });

  test('forecasts and option snapshots are reported missing, honestly', () => {
    const h = health({ now: '2024-07-10T15:07:00Z' });
    expect(h.forecast).toEqual({ latestRunAt: null, isStale: true, ageHours: null });
    expect(h.options).toEqual({ latestSnapshotAt: null, isStale: true, ageHours: null });
  });
});

describe('summariseJobs', () => {
  const run = (over: Partial<RecentJobRun>): RecentJobRun => ({
    name: 'backfill-chunk', symbols: ['AAPL'], timeframes: ['m15'], status: 'success',
    createdAt: new Date('2024-07-10T14:00:00Z'), updatedAt: new Date('2024-07-10T14:00:00Z'), ...over,
  });
  test('counts the jobs fetching the series, watchlist-wide ones included', () => {
    const now = new Date('2024-07-10T15:00:00Z');
    const runs = [
      run({ status: 'failed' }),
      run({ symbols: [], status: 'running', createdAt: new Date('2024-07-10T14:59:00Z'), updatedAt: new Date('2024-07-10T14:59:00Z') }),
      run({ symbols: ['MSFT'], status: 'failed' }),
      run({ timeframes: ['d1'], status: 'failed' }),
      run({ status: 'queued', updatedAt: new Date('2024-07-10T13:00:00Z') }), // left behind by a crash
    ];
    expect(summariseJobs(runs, 'AAPL', 'm15', now)).toEqual({
      latestStatus: 'running', latestRunAt: '2024-07-10T14:59:00.000Z', pendingJobs: 1, failedJobsLast24h: 1,
    });
  });
});

describe('forecast freshness', () => {
  // Wednesday 2024-07-10: the d1 bar of Tuesday the 9th is the last closed one until 16:00.
  const made = (lastBarTs: string) => ({ runAt: new Date('2024-07-09T21:30:00Z'), lastBarTs: new Date(lastBarTs) });
  test.each([
    ['made from the last closed bar, during the next session', '2024-07-10T15:00:00Z', '2024-07-09T13:30:00Z', false],
    ['the next d1 bar closed less than a day ago', '2024-07-10T23:00:00Z', '2024-07-09T13:30:00Z', false],
    ['the next d1 bar closed more than a day ago', '2024-07-11T22:00:00Z', '2024-07-09T13:30:00Z', true],
    ['Friday’s forecast over the weekend', '2024-07-14T12:00:00Z', '2024-07-12T13:30:00Z', false],
  ])('%s: stale %s', (_name, now, lastBarTs, stale) => {
    const h = health({ now, tf: 'd1', lastTs: lastBarTs, forecast: made(lastBarTs) });
    expect(h.forecast).toMatchObject({ latestRunAt: '2024-07-09T21:30:00.000Z', isStale: stale });
  });

  test('no forecast yet is stale; a timeframe without forecasts never is', () => {
    expect(health({ now: '2024-07-10T15:00:00Z', tf: 'd1', forecast: null }).forecast).toEqual({ latestRunAt: null, isStale: true, ageHours: null });
    expect(health({ now: '2024-07-10T15:00:00Z', tf: 'h4', forecastsExpected: false }).forecast).toEqual({ latestRunAt: null, isStale: false, ageHours: null });
  });
});
