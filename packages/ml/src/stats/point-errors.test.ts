import { mae, mase, rmse } from './point-errors';

describe('point errors', () => {
  const actual = [10, 12, 11, 15];
  const predicted = [11, 12, 9, 15];

  it('mae and rmse match hand computation', () => {
    // |−1| + 0 + |2| + 0 = 3 over 4 points; squares 1 + 0 + 4 + 0 = 5 over 4.
    expect(mae(actual, predicted)).toBe(0.75);
    expect(rmse(actual, predicted)).toBeCloseTo(Math.sqrt(1.25), 15);
  });

  it('mase divides by the no-change forecast error on the same points', () => {
    const origin = [10, 10, 12, 11];
    // naive errors: 0, 2, 1, 4 → MAE 1.75; model MAE 0.75.
    expect(mase(actual, predicted, origin)).toBeCloseTo(0.75 / 1.75, 15);
  });

  it('mase is 1 for the naive forecast itself and Infinity when naive is perfect', () => {
    const origin = [9, 13, 11, 14];
    expect(mase(actual, origin, origin)).toBe(1);
    expect(mase(actual, predicted, actual)).toBe(Infinity);
  });

  it('rejects unpaired or empty input', () => {
    expect(() => mae([1, 2], [1])).toThrow(RangeError);
    expect(() => rmse([], [])).toThrow(RangeError);
    expect(() => mase([1], [1], [])).toThrow(RangeError);
  });
});
