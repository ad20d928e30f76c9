import { marketClock } from '@marketfleet/market';
import { checkSeries, checkWindow } from './check-series';
import { DEFAULT_QUALITY_CONFIG } from './config';
import { at, bar, fullSeries } from '@marketfleet/testing';

describe('checkWindow', () => {
  test.each([
    // Monday 8 Jul 2024, 11:00 New York: five sessions back skips the 4 July holiday.
    ['m15', '2024-07-08T15:00:00Z', 5, '2024-07-01', '2024-07-08'],
    // Before Monday's open the latest session is Friday's; the dates run up to today.
    ['d1', '2024-07-08T12:00:00Z', 2, '2024-07-03', '2024-07-08'],
    // w1 reaches back to the start of the previous week.
    ['w1', '2024-07-08T15:00:00Z', 5, '2024-06-24', '2024-07-08'],
  ] as const)('%s at %s, %d sessions: %s..%s', (tf, now, sessions, fromDate, toDate) => {
    expect(checkWindow(marketClock, tf, at(now), sessions, 60)).toMatchObject({ fromDate, toDate });
  });

  test('history for the jump statistics starts that many sessions earlier', () => {
    const w = checkWindow(marketClock, 'd1', at('2024-07-08T15:00:00Z'), 5, 3)!;
    // 4 sessions before 1 July: 25, 26, 27 and 28 June.
    expect(w.readFrom).toEqual(at('2024-06-25T04:00:00Z'));
  });
});

describe('checkSeries', () => {
  const input = {
    symbol: 'AAPL',
    fromDate: '2024-07-01',
    toDate: '2024-07-05',
    now: at('2024-07-06T12:00:00Z'),
  };

  test('a complete, clean series has no findings', () => {
    const bars = fullSeries('m15', '2024-07-01T00:00:00Z', '2024-07-06T00:00:00Z');
    const out = checkSeries(marketClock, { ...input, timeframe: 'm15', bars, lastBarTs: bars[bars.length - 1]!.ts }, DEFAULT_QUALITY_CONFIG);
    expect(out).toEqual({ findings: [], knownMissing: 0 });
  });

  test('every kind is reported, and only inside the checked dates', () => {
    const bars = [
      bar('2024-06-28T13:30:00Z', { volume: -1 }), // before the window: history only
      bar('2024-07-01T13:30:00Z'),
      bar('2024-07-02T13:30:00Z', { low: 500 }),
      bar('2024-07-02T15:00:00Z'), // h1 on the clock hour
      bar('2024-07-06T15:00:00Z'), // Saturday
    ];
    const out = checkSeries(marketClock, { ...input, timeframe: 'd1', bars, lastBarTs: at('2024-07-02T13:30:00Z') }, DEFAULT_QUALITY_CONFIG);
    expect(out.findings.map((f) => `${f.kind} ${f.sessionDate}`)).toEqual([
      'gap 2024-07-03',
      'gap 2024-07-05',
      'misaligned_ts 2024-07-02',
      'duplicate_ts 2024-07-02',
      'ohlc_invalid 2024-07-02',
      'stale null',
    ]);
  });
});
