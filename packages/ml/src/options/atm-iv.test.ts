import { atmIvOf } from './atm-iv';
import { type ChainContract } from './types';

const leg = (expiry: string, strike: number, side: 'call' | 'put', mid: number, iv?: number): ChainContract => ({
  symbol: `X${expiry}${side}${strike}`, expiry, strike, side, bid: mid - 0.05, ask: mid + 0.05, iv,
});

/** Calls and puts around a forward of 101: the 100 and 102 strikes straddle it, 100 is closer in price. */
const month = (expiry: string, ivAtm: number): ChainContract[] => [
  leg(expiry, 95, 'call', 7.0, ivAtm + 0.04), leg(expiry, 95, 'put', 1.2, ivAtm + 0.05),
  leg(expiry, 100, 'call', 3.6, ivAtm), leg(expiry, 100, 'put', 3.0, ivAtm + 0.02),
  leg(expiry, 105, 'call', 1.4, ivAtm - 0.01), leg(expiry, 105, 'put', 5.5, ivAtm + 0.01),
];

describe('atmIvOf', () => {
  test('the expiry nearest 30 days, the strike where call and put cost most alike, the mean of their IVs', () => {
    const chain = [...month('2024-01-12', 0.5), ...month('2024-02-09', 0.3), ...month('2024-04-19', 0.25)];
    const r = atmIvOf(chain, '2024-01-08')!;
    expect(r.expiry).toBe('2024-02-09');
    expect(r.strike).toBe(100);
    expect(r.atmIv).toBeCloseTo(0.31, 12);
  });

  test('expiries under a week are used only when nothing later is listed', () => {
    expect(atmIvOf(month('2024-01-10', 0.5), '2024-01-08')).toMatchObject({ expiry: '2024-01-10', strike: 100 });
  });

  test('one side without IV: the other side’s IV; no complete pair at all: null', () => {
    const chain = [leg('2024-02-09', 100, 'call', 3, 0.3), leg('2024-02-09', 100, 'put', 3)];
    expect(atmIvOf(chain, '2024-01-08')!.atmIv).toBeCloseTo(0.3, 12);
    expect(atmIvOf([leg('2024-02-09', 100, 'call', 3, 0.3)], '2024-01-08')).toBeNull();
    expect(atmIvOf([leg('2024-02-09', 100, 'call', 3), leg('2024-02-09', 100, 'put', 3)], '2024-01-08')).toBeNull();
  });

  test('expired contracts are ignored', () => {
    expect(atmIvOf(month('2024-01-05', 0.5), '2024-01-08')).toBeNull();
  });
});
