import { marketClock } from '@marketfleet/market';
import { BadRequestError } from '../errors';
import { defaultStart, minimumBars, resolveChartRange } from './chart-range';

const now = new Date('2024-06-12T18:00:00Z');
const base = { now, maxBars: 5000, clock: marketClock };

describe('resolveChartRange', () => {
  test.each([
    ['m15', '2024-05-13T18:00:00.000Z'],
    ['h1', '2024-05-13T18:00:00.000Z'],
    ['h4', '2024-05-13T18:00:00.000Z'],
    ['d1', '2023-06-13T18:00:00.000Z'],
    ['w1', '2019-06-12T18:00:00.000Z'],
  ] as const)('%s defaults to end = now and start = %s', (timeframe, start) => {
    const r = resolveChartRange({ ...base, timeframe });
    expect(r.end).toEqual(now);
    expect(r.start.toISOString()).toBe(start);
  });

  test('a given end moves the default start with it', () => {
    const end = new Date('2024-01-01T00:00:00Z');
    expect(resolveChartRange({ ...base, timeframe: 'd1', end }).start).toEqual(defaultStart('d1', end));
  });

  test('start after end names start', () => {
    expect(() =>
      resolveChartRange({ ...base, timeframe: 'd1', start: new Date('2024-02-01'), end: new Date('2024-01-01') }),
    ).toThrow(new BadRequestError('start', 'must not be after end (2024-02-01T00:00:00.000Z > 2024-01-01T00:00:00.000Z)'));
  });

  test('an empty range is allowed', () => {
    const at = new Date('2024-01-02T15:00:00Z');
    expect(resolveChartRange({ ...base, timeframe: 'm15', start: at, end: at })).toEqual({ start: at, end: at });
  });

  test('a range over the bar budget names start and states the maximum', () => {
    // 2023 had 250 sessions: 6,500 m15 bars less the early closes.
    const call = () =>
      resolveChartRange({ ...base, timeframe: 'm15', start: new Date('2023-01-01'), end: new Date('2024-01-01') });
    expect(call).toThrow(BadRequestError);
    expect(call).toThrow(/^start: the range holds \d+ m15 bars, more than the maximum of 5000/);
  });

  test('exactly the budget is allowed', () => {
    const start = new Date('2024-01-02T14:30:00Z');
    const end = new Date('2024-01-09T14:30:00Z');
    const n = marketClock.countExpectedBars('m15', start, end);
    expect(resolveChartRange({ ...base, maxBars: n, timeframe: 'm15', start, end })).toEqual({ start, end });
    expect(() => resolveChartRange({ ...base, maxBars: n - 1, timeframe: 'm15', start, end })).toThrow(/maximum of/);
  });

  test('a range of centuries is refused without walking the calendar', () => {
    const clock = { countExpectedBars: jest.fn(() => 0) };
    expect(() =>
      resolveChartRange({ ...base, clock, timeframe: 'd1', start: new Date('0001-01-01'), end: new Date('9999-01-01') }),
    ).toThrow(/^start: the range holds at least \d+ d1 bars/);
    expect(clock.countExpectedBars).not.toHaveBeenCalled();
  });
});

describe('minimumBars', () => {
  test.each(['m15', 'h1', 'h4', 'd1', 'w1'] as const)('never exceeds the real count for %s', (tf) => {
    // Spans holiday weeks (Thanksgiving, Christmas, New Year) and early closes.
    for (const [from, to] of [
      ['2023-11-01', '2024-01-15'],
      ['2024-06-01', '2024-07-20'],
      ['2020-01-01', '2024-12-31'],
    ] as const) {
      const s = new Date(from);
      const e = new Date(to);
      expect(minimumBars(tf, s, e)).toBeLessThanOrEqual(marketClock.countExpectedBars(tf, s, e));
    }
  });
});

describe('the default start near the first supported date', () => {
  test('never reaches back before MARKET_DATE_RANGE.first', () => {
    const end = new Date('1990-03-01T00:00:00Z');
    expect(resolveChartRange({ ...base, timeframe: 'w1', end }).start.toISOString()).toBe('1990-01-01T00:00:00.000Z');
  });
});
