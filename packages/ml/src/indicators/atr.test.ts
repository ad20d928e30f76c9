import golden from '../../fixtures/indicators.json';
import { expectGolden, sp500, synthetic } from '../../test/golden';
import { type Ohlc } from '../series';
import { emaAtr, frameAtr14, superTrendAtr, synthesizerAtr, wilderAtr } from './atr';
import { ema } from './moving-average';
import { trueRange } from './true-range';

const bar = (high: number, low: number, close: number): Ohlc => ({ open: close, high, low, close, volume: 0 });
// TR: 10 − 8 = 2; max(1, |12 − 9|, |11 − 9|) = 3; max(0.5, |10 − 11.5|, |9.5 − 11.5|) = 2;
// max(2, |14 − 10|, |12 − 10|) = 4
const bars = [bar(10, 8, 9), bar(12, 11, 11.5), bar(10, 9.5, 10), bar(14, 12, 13)];

describe('trueRange', () => {
  it('takes high − low on the first bar and the previous close after it', () => {
    expect(trueRange(bars)).toEqual([2, 3, 2, 4]);
  });
});

describe('wilderAtr', () => {
  it('seeds with the mean of the first n TRs and reports from index n', () => {
    // seed (2 + 3)/2 = 2.5; i=2: (2.5 + 2)/2 = 2.25; i=3: (2.25 + 4)/2 = 3.125
    expect(wilderAtr(bars, 2)).toEqual([NaN, NaN, 2.25, 3.125]);
  });

  it('is undefined with n bars or fewer', () => {
    expect(wilderAtr(bars, 4)).toEqual([NaN, NaN, NaN, NaN]);
  });
});

describe('EMA ATRs', () => {
  it('SuperTrend uses span 10 and the indicator frame span 14, both pandas ewm of TR', () => {
    expect(superTrendAtr(bars)).toEqual(ema([2, 3, 2, 4], 10));
    expect(frameAtr14(bars)).toEqual(emaAtr(bars, 14));
    // span 3 by hand: 2, (2 + 3)/2 = 2.5, 2.25, 3.125
    expect(emaAtr(bars, 3)).toEqual([2, 2.5, 2.25, 3.125]);
  });
});

describe('synthesizerAtr', () => {
  it('averages the last 14 TRs, or all of them when there are fewer', () => {
    expect(synthesizerAtr(bars)).toBe((2 + 3 + 2 + 4) / 4);
    expect(synthesizerAtr(bars, 2)).toBe(3);
    expect(synthesizerAtr(bars.slice(0, 1))).toBeNaN();
  });
});

describe.each([
  ['sp500', sp500, golden.sp500],
  ['synthetic', synthetic, golden.synthetic],
] as const)('golden vectors, %s', (_name, data, expected) => {
  it('true range and the four ATRs', () => {
    expectGolden(
      {
        trueRange: trueRange(data),
        superTrendAtr: superTrendAtr(data),
        frameAtr14: frameAtr14(data),
        wilderAtr14: wilderAtr(data, 14),
        wilderAtr200: wilderAtr(data, 200),
        synthesizerAtr: Object.fromEntries(Object.keys(expected.synthesizerAtr).map((k) => [k, synthesizerAtr(data.slice(0, Number(k)))])),
      },
      {
        trueRange: expected.trueRange,
        superTrendAtr: expected.superTrendAtr,
        frameAtr14: expected.frameAtr14,
        wilderAtr14: expected.wilderAtr14,
        wilderAtr200: expected.wilderAtr200,
        synthesizerAtr: expected.synthesizerAtr,
      },
    );
  });
});
