import { inMarketDateRange, inMarketTimeRange, MARKET_DATE_RANGE } from './date-range';

describe('the market date range', () => {
  test.each([
    ['0000-01-01', false],
    ['1989-12-31', false],
    [MARKET_DATE_RANGE.first, true],
    ['2024-07-01', true],
    [MARKET_DATE_RANGE.last, true],
    ['2101-01-01', false],
    ['9999-12-31', false],
  ])('%s in range: %s', (date, inRange) => {
    expect(inMarketDateRange(date)).toBe(inRange);
    expect(inMarketTimeRange(new Date(`${date}T12:00:00Z`))).toBe(inRange);
  });

  test('an invalid Date is outside', () => {
    expect(inMarketTimeRange(new Date('x'))).toBe(false);
  });
});
