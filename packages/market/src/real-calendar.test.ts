import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { marketClock } from './sessions';

// S&P 500 daily bars 2000-01-03 … 2020-04-17 (vega-datasets): every real trading day of
// twenty years, including the 2001 and 2012 closures and every mourning day in between.
const csv = readFileSync(join(dirname(require.resolve('vega-datasets')), '..', 'data', 'sp500-2000.csv'), 'utf8');
const tradedDays = csv.trim().split('\n').slice(1).map((line) => line.slice(0, 10));

test('the sessions the clock computes by rule are exactly the days the S&P 500 traded, 2000–2020', () => {
  const sessions = marketClock.sessionsBetween(tradedDays[0]!, tradedDays[tradedDays.length - 1]!).map((s) => s.date);
  const traded = new Set(tradedDays);
  expect(sessions.filter((d) => !traded.has(d))).toEqual([]);
  const computed = new Set(sessions);
  expect(tradedDays.filter((d) => !computed.has(d))).toEqual([]);
  expect(sessions).toHaveLength(5105);
});
