import { ivCurveFlags, ivJumpThreshold } from './iv-curve';
import { type ChainContract } from './types';

const liquid = { volume: 100, openInterest: 1000, delta: 0.5 };
const k = (strike: number, iv: number | undefined, extra: Partial<ChainContract> = {}): ChainContract => ({
  symbol: `E${strike}${extra.side ?? 'call'}${extra.volume ?? ''}`,
  expiry: '2024-04-19',
  strike,
  side: 'call',
  iv,
  ...liquid,
  ...extra,
});

describe('ivJumpThreshold', () => {
  it('is 4 % for a liquid contract and 5 % + 2.5 per thin test otherwise', () => {
    expect(ivJumpThreshold(k(100, 0.3))).toBe(4);
    expect(ivJumpThreshold(k(100, 0.3, { volume: 9 }))).toBe(7.5);
    expect(ivJumpThreshold(k(100, 0.3, { volume: 9, openInterest: 49 }))).toBe(10);
    expect(ivJumpThreshold(k(100, 0.3, { volume: undefined, openInterest: undefined, delta: 0.1 }))).toBe(12.5);
  });
});

describe('ivCurveFlags', () => {
  it('flags the strikes on either side of a jump', () => {
    // 95 → 100: |0.31 − 0.30| / 0.30 = 3.3 % (ok at 4 %); 100 → 105: 0.09 / 0.31 = 29 %
    const chain = [k(95, 0.3), k(100, 0.31), k(105, 0.4)];
    expect([...ivCurveFlags(chain).values()]).toEqual([true, false, false]);
  });

  it('uses the median IV of a strike across calls and puts, per expiry', () => {
    // Strike 95: median(0.28, 0.32) = 0.30; strike 100: 0.31 → 3.3 %: smooth.
    const chain = [
      k(95, 0.28),
      k(95, 0.32, { side: 'put', delta: -0.5 }),
      k(100, 0.31),
      { ...k(100, 0.6), symbol: 'other expiry', expiry: '2024-05-17' },
    ];
    expect([...ivCurveFlags(chain).values()]).toEqual([true, true, true, true]);
  });

  it('gives thin contracts more room and passes contracts without IV', () => {
    // 0.30 → 0.32 is 6.7 %: too much for a liquid strike (4 %), fine for a thin one (7.5 %).
    const chain = [k(95, 0.3), k(100, 0.32, { volume: 2 }), k(105, undefined)];
    expect([...ivCurveFlags(chain).values()]).toEqual([false, true, true]);
  });
});
