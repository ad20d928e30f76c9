import { marketClock, type Timeframe } from '@marketfleet/market';
import { checkOhlc, checkPlacement, ohlcProblems } from './bar-checks';
import { bar, fullSeries } from '@marketfleet/testing';

// July 2024 is EDT: 09:30 New York is 13:30 UTC. Wed 3 Jul closes at 13:00, Thu 4 Jul is a holiday.
describe('checkPlacement', () => {
  test.each<{ name: string; tf: Timeframe; ts: string[]; expected: Array<[string, string]> }>([
    { name: 'aligned bars', tf: 'm15', ts: ['2024-07-05T13:30:00Z', '2024-07-05T13:45:00Z'], expected: [] },
    { name: 'a Saturday bar', tf: 'm15', ts: ['2024-07-06T14:30:00Z'], expected: [['outside_session', '2024-07-06']] },
    { name: 'a bar on the holiday', tf: 'd1', ts: ['2024-07-04T13:30:00Z'], expected: [['outside_session', '2024-07-04']] },
    { name: 'a bar after the early close', tf: 'm15', ts: ['2024-07-03T17:00:00Z'], expected: [['outside_session', '2024-07-03']] },
    { name: 'a pre-market bar', tf: 'h1', ts: ['2024-07-05T12:00:00Z'], expected: [['outside_session', '2024-07-05']] },
    { name: 'a daily bar stamped at New York midnight', tf: 'd1', ts: ['2024-07-05T04:00:00Z'], expected: [['outside_session', '2024-07-05']] },
    { name: 'an h1 bar on the clock hour', tf: 'h1', ts: ['2024-07-05T14:00:00Z'], expected: [['misaligned_ts', '2024-07-05']] },
    { name: 'a w1 bar on the second session of its week', tf: 'w1', ts: ['2024-07-02T13:30:00Z'], expected: [['misaligned_ts', '2024-07-01']] },
    {
      name: '09:30 and 09:31: a near-duplicate',
      tf: 'm15',
      ts: ['2024-07-05T13:30:00Z', '2024-07-05T13:31:00Z'],
      expected: [['misaligned_ts', '2024-07-05'], ['duplicate_ts', '2024-07-05']],
    },
  ])('$name', ({ tf, ts, expected }) => {
    const findings = checkPlacement(marketClock, tf, ts.map((t) => bar(t)));
    expect(findings.map((f) => [f.kind, f.sessionDate])).toEqual(expected);
  });

  test('a whole week of every timeframe is in place', () => {
    for (const tf of ['m15', 'h1', 'h4', 'd1', 'w1'] as const) {
      expect(checkPlacement(marketClock, tf, fullSeries(tf, '2024-06-24T00:00:00Z', '2024-07-06T00:00:00Z'))).toEqual([]);
    }
  });

  test('one finding per session, with the examples', () => {
    const [dup] = checkPlacement(marketClock, 'm15', [bar('2024-07-05T13:30:00Z'), bar('2024-07-05T13:31:00Z')]).slice(1);
    expect(dup!.detail).toEqual({
      count: 1,
      groups: [{ gridStart: '2024-07-05T13:30:00.000Z', ts: ['2024-07-05T13:30:00.000Z', '2024-07-05T13:31:00.000Z'] }],
    });
    const out = checkPlacement(marketClock, 'm15', [bar('2024-07-06T14:30:00Z'), bar('2024-07-06T15:30:00Z')]);
    expect(out).toEqual([{ kind: 'outside_session', sessionDate: '2024-07-06', detail: { count: 2, bars: ['2024-07-06T14:30:00.000Z', '2024-07-06T15:30:00.000Z'] } }]);
  });
});

describe('ohlcProblems', () => {
  test.each([
    [{}, []],
    [{ open: 100, high: 101, low: 99, close: 101 }, []],
    [{ open: 100, high: 100.5, low: 99, close: 101 }, ['high below max(open, close)']],
    [{ open: 100, high: 102, low: 100.5, close: 101 }, ['low above min(open, close)']],
    [{ open: 0, high: 1, low: 0, close: 1 }, ['non-positive price']],
    [{ open: -1, high: 1, low: -2, close: 1 }, ['non-positive price']],
    [{ volume: -5 }, ['negative volume']],
    [{ close: Number.NaN }, ['non-finite value']],
    [{ open: 100, high: 99, low: 101, close: 100 }, ['high below max(open, close)', 'low above min(open, close)']],
  ])('%j → %j', (over, reasons) => {
    expect(ohlcProblems(bar('2024-07-05T13:30:00Z', over))).toEqual(reasons);
  });
});

describe('checkOhlc', () => {
  test('bad bars are reported per session, good ones not at all', () => {
    const bars = [
      bar('2024-07-05T13:30:00Z'),
      bar('2024-07-05T13:45:00Z', { volume: -1 }),
      bar('2024-07-03T13:30:00Z', { high: 50 }),
    ];
    expect(checkOhlc(marketClock, 'm15', bars)).toEqual([
      { kind: 'ohlc_invalid', sessionDate: '2024-07-05', detail: { count: 1, bars: [{ ts: '2024-07-05T13:45:00.000Z', reasons: ['negative volume'] }] } },
      { kind: 'ohlc_invalid', sessionDate: '2024-07-03', detail: { count: 1, bars: [{ ts: '2024-07-03T13:30:00.000Z', reasons: ['high below max(open, close)'] }] } },
    ]);
  });
});
