import { INTRADAY_TIMEFRAMES, TIMEFRAMES, TIMEFRAME_MINUTES, isIntraday, isTimeframe } from './index';

describe('timeframes', () => {
  it('lists the app timeframes in order', () => {
    expect(TIMEFRAMES).toEqual(['m15', 'h1', 'h4', 'd1', 'w1']);
    expect(INTRADAY_TIMEFRAMES).toEqual(['m15', 'h1', 'h4']);
    expect(TIMEFRAMES.filter(isIntraday)).toEqual(INTRADAY_TIMEFRAMES);
  });

  it('has nominal minutes', () => {
    expect(TIMEFRAME_MINUTES).toEqual({ m15: 15, h1: 60, h4: 240, d1: 390, w1: 1950 });
  });

  it.each([
    ['m15', true],
    ['w1', true],
    ['1Day', false],
    ['M15', false],
    ['', false],
    [15, false],
    [null, false],
    [undefined, false],
  ])('isTimeframe(%p) = %p', (x, expected) => {
    expect(isTimeframe(x)).toBe(expected);
  });

  it('cannot be mutated', () => {
    expect(Object.isFrozen(TIMEFRAMES)).toBe(true);
    expect(Object.isFrozen(TIMEFRAME_MINUTES)).toBe(true);
  });
});
