import type { UpsertedFinding } from '@marketfleet/db';
import { jobFailingAlerts, planAlerts } from './alert-plan';
import { repairAttemptsOf, repairRange } from './run-check';
import { marketClock } from '@marketfleet/market';

const finding = (kind: UpsertedFinding['kind'], sessionDate: string | null, repeated: boolean, id = 1): UpsertedFinding => ({
  id, symbolId: 1, timeframe: 'm15', sessionDate, kind, detail: {}, firstSeenAt: new Date(), repeated,
});

describe('planAlerts', () => {
  test('a problem seen again raises one alert per kind; the rest of the scope is resolved', () => {
    const plan = planAlerts([
      {
        symbol: 'AAPL',
        timeframe: 'm15',
        findings: [finding('gap', '2024-07-02', true, 1), finding('gap', '2024-07-01', true, 2), finding('gap', '2024-07-03', false, 3), finding('stale', null, true, 4)],
        knownMissing: 0,
      },
    ]);
    expect(plan.raise).toEqual([
      { key: 'gap:AAPL:m15', kind: 'gap', severity: 'warning', message: 'AAPL m15: missing bars in 2 session(s) since 2024-07-01', detail: { sessions: ['2024-07-01', '2024-07-02'], findingIds: [1, 2] } },
      { key: 'stale:AAPL:m15', kind: 'stale', severity: 'critical', message: 'AAPL m15: stale data', detail: { sessions: [], findingIds: [4] } },
    ]);
    expect(plan.resolve).toEqual([
      'outside_session:AAPL:m15', 'misaligned_ts:AAPL:m15', 'duplicate_ts:AAPL:m15', 'ohlc_invalid:AAPL:m15', 'price_jump:AAPL:m15', 'provider-gap:AAPL:m15',
    ]);
  });

  test('a first sighting raises nothing; known provider gaps keep their alert', () => {
    const plan = planAlerts([{ symbol: 'SPY', timeframe: 'd1', findings: [finding('gap', '2024-07-02', false)], knownMissing: 3 }]);
    expect(plan.raise).toEqual([expect.objectContaining({ key: 'provider-gap:SPY:d1', detail: { missingBars: 3 } })]);
    expect(plan.resolve).toContain('gap:SPY:d1');
  });
});

test('jobFailingAlerts: one critical alert per job name', () => {
  const at = new Date('2024-07-12T20:00:00Z');
  expect(jobFailingAlerts([{ name: 'bars-daily', failures: 3, lastError: 'boom', lastFailedAt: at }], 24)).toEqual([
    { key: 'job-failing:bars-daily', kind: 'job-failing', severity: 'critical', message: 'bars-daily: 3 failed runs in 24 h; last error: boom', detail: { failures: 3, lastFailedAt: at.toISOString() } },
  ]);
});

describe('repairs', () => {
  test.each([
    ['m15', '2024-07-03', '2024-07-03'],
    // The 4 July week ends on Friday 5; MLK week starts on Tuesday 16 January.
    ['w1', '2024-07-01', '2024-07-05'],
    ['w1', '2024-01-16', '2024-01-19'],
  ] as const)('%s gap on %s is repaired through %s', (tf, from, to) => {
    expect(repairRange(marketClock, tf, from)).toEqual({ from, to });
  });

  test('attempts are read from the finding, 0 when none were made', () => {
    expect(repairAttemptsOf({})).toBe(0);
    expect(repairAttemptsOf({ repair: { attempts: 2 } })).toBe(2);
  });
});
