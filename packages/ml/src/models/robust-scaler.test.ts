import { fitRobustScaler } from './robust-scaler';

describe('fitRobustScaler', () => {
  const rows = [
    [1, 5],
    [2, 5],
    [3, 5],
    [4, 5],
    [100, 5],
  ];

  it('centres on the median and scales by the IQR', () => {
    const s = fitRobustScaler(rows);
    // Column 0: median 3, q25 2, q75 4 → IQR 2; the outlier 100 does not move them.
    expect(s.centers).toEqual([3, 5]);
    expect(s.scales).toEqual([2, 1]);
    expect(s.transform([5, 5])).toEqual([1, 0]);
    expect(s.transform([100, 7])).toEqual([48.5, 2]);
  });

  it('uses scale 1 for a constant column', () => {
    expect(fitRobustScaler([[2], [2], [2]]).scales).toEqual([1]);
  });

  it('rejects empty, ragged and mis-sized input', () => {
    expect(() => fitRobustScaler([])).toThrow(RangeError);
    expect(() => fitRobustScaler([[1, 2], [1]])).toThrow(RangeError);
    expect(() => fitRobustScaler(rows).transform([1])).toThrow(RangeError);
  });
});
