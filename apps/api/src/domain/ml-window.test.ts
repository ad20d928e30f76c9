import { marketClock } from '@marketfleet/market';
import { forecastFreshness, MODEL_TIMEFRAMES, sessionWindow } from './ml-window';

describe('sessionWindow', () => {
  test('counts market sessions back from today, skipping weekends and holidays', () => {
    // Friday 2024-07-05: the 4th was a holiday, so five sessions reach back to Friday 2024-06-28.
    const w = sessionWindow(marketClock, new Date('2024-07-05T18:00:00Z'), 5);
    expect(w).toMatchObject({ from: '2024-06-28', to: '2024-07-05' });
    expect(w.since.toISOString()).toBe('2024-06-28T04:00:00.000Z');
  });

  test('on a day without a session, the window ends with the last one', () => {
    // Sunday 2024-07-07: one session is Friday's.
    expect(sessionWindow(marketClock, new Date('2024-07-07T18:00:00Z'), 1)).toMatchObject({ from: '2024-07-05', to: '2024-07-07' });
  });
});

test('the models use the d1, m15 and h1 series', () => {
  expect(MODEL_TIMEFRAMES).toEqual(['d1', 'm15', 'h1']);
});

describe('forecastFreshness', () => {
  const now = new Date('2024-07-10T15:07:00Z');
  const sla = { m15: 30, h1: 120, h4: 480, d1: 1440, w1: 10_080 };
  const lastD1 = marketClock.lastClosedBar('d1', now)!;
  const run = (symbolId: number, lastBarTs: Date | null, status: 'ok' | 'skipped' = 'ok', reason: string | null = null) => ({
    symbolId, horizon: '1D', timeframe: 'd1' as const, status, reason, attemptedAt: now, lastBarTs,
  });

  test('current, stale by the bars it was made from, missing, and the reasons of skips', () => {
    const [f] = forecastFreshness({
      symbolIds: [1, 2, 3, 4], horizons: ['1D'], clock: marketClock, slaMinutes: sla, now,
      runs: [run(1, lastD1), run(2, new Date('2024-07-01T13:30:00Z')), run(3, null, 'skipped', 'too few bars'), run(4, lastD1, 'skipped', 'stale bars')],
    });
    expect(f).toEqual({ timeframe: 'd1', horizon: '1D', expected: 4, current: 2, stale: 2, missing: 1, skipped: 2, skipReasons: { 'too few bars': 1, 'stale bars': 1 } });
  });
});
