import { MARKET_DATE_RANGE } from '@marketfleet/market';
import { date, UsageError } from './args';

describe('date options', () => {
  test('a date inside the market range is taken as given', () => {
    expect(date('2024-07-01', 'from')).toBe('2024-07-01');
    expect(date(MARKET_DATE_RANGE.first, 'from')).toBe(MARKET_DATE_RANGE.first);
    expect(date(MARKET_DATE_RANGE.last, 'to')).toBe(MARKET_DATE_RANGE.last);
  });

  test.each(['0000-01-01', '9999-12-31', '1989-12-31', '2101-01-01'])('%s is a usage error naming the option and the range', (value) => {
    expect(() => date(value, 'to')).toThrow(UsageError);
    expect(() => date(value, 'to')).toThrow(`--to: ${value} is outside the dates the market clock supports (${MARKET_DATE_RANGE.first}..${MARKET_DATE_RANGE.last})`);
  });

  test.each(['2024-13-01', '2024-02-30', '2024-7-1', '2024-07-01T00:00:00Z', ''])('"%s" is not a date', (value) => {
    expect(() => date(value, 'from')).toThrow(/--from: expected a date as YYYY-MM-DD/);
  });
});
