import { marketClock } from '@marketfleet/market';
import { optionsScrapePlan } from './scrape-plan';

const settings = { sessionExpirations: 4, closeExpirations: 10 };
const at = (iso: string) => optionsScrapePlan(marketClock, new Date(iso), settings);

// New York is UTC−5 in January and November after the DST change, UTC−4 in July.
describe('options scrape plan', () => {
  test('near expirations every tick of an open session', () => {
    expect(at('2024-01-10T14:32:00Z')).toEqual({ session: '2024-01-10', expirations: 4, reason: 'session' });
    expect(at('2024-01-10T20:47:00Z')).toEqual({ session: '2024-01-10', expirations: 4, reason: 'session' });
    expect(at('2024-07-10T13:32:00Z')).toEqual({ session: '2024-07-10', expirations: 4, reason: 'session' });
  });

  test('widens on the one tick after the close, early closes included', () => {
    expect(at('2024-01-10T21:02:00Z')).toEqual({ session: '2024-01-10', expirations: 10, reason: 'close' });
    expect(at('2024-01-10T21:17:00Z')).toBeNull();
    // The day after Thanksgiving closes at 13:00.
    expect(at('2024-11-29T18:02:00Z')).toEqual({ session: '2024-11-29', expirations: 10, reason: 'close' });
    expect(at('2024-11-29T18:32:00Z')).toBeNull();
  });

  test('nothing before the open, at night, on weekends or holidays', () => {
    expect(at('2024-01-10T14:17:00Z')).toBeNull();
    expect(at('2024-01-11T03:02:00Z')).toBeNull();
    expect(at('2024-01-13T16:02:00Z')).toBeNull(); // Saturday
    expect(at('2024-07-04T15:02:00Z')).toBeNull(); // Independence Day
    expect(at('2024-12-25T15:02:00Z')).toBeNull();
  });
});
