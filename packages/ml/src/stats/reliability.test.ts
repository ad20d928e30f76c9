import { reliabilityTable } from './reliability';

describe('reliabilityTable', () => {
  it('bins with left-closed edges and a closed top bin', () => {
    const t = reliabilityTable([0, 0.2, 0.5, 0.5, 0.99, 1], [0, 0, 1, 0, 1, 1], [0, 0.5, 1]);
    expect(t.bins).toEqual([
      { lower: 0, upper: 0.5, count: 2, meanPredicted: 0.1, observedFrequency: 0 },
      { lower: 0.5, upper: 1, count: 4, meanPredicted: (0.5 + 0.5 + 0.99 + 1) / 4, observedFrequency: 0.75 },
    ]);
    // (2/6)·0.1 + (4/6)·|0.7475 − 0.75|
    expect(t.expectedCalibrationError).toBeCloseTo((2 / 6) * 0.1 + (4 / 6) * 0.0025, 12);
    expect(t.outside).toBe(0);
  });

  it('reports empty bins as null, not NaN, and counts predictions outside the edges', () => {
    const t = reliabilityTable([0.05, 1.2, -0.1], [1, 1, 0]);
    expect(t.bins).toHaveLength(10);
    expect(t.bins[0]).toMatchObject({ count: 1, meanPredicted: 0.05, observedFrequency: 1 });
    expect(t.bins[5]).toMatchObject({ count: 0, meanPredicted: null, observedFrequency: null });
    expect(t.outside).toBe(2);
  });

  it('is well calibrated when outcomes match the stated rate', () => {
    const p: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 10; i++) {
      p.push(0.3);
      y.push(i < 3 ? 1 : 0);
    }
    const t = reliabilityTable(p, y);
    expect(t.bins[3]).toMatchObject({ count: 10, observedFrequency: 0.3 });
    expect(t.expectedCalibrationError).toBeCloseTo(0, 12);
  });

  it('rejects bad edges and non-binary outcomes', () => {
    expect(() => reliabilityTable([0.5], [1], [0, 0.5, 0.5, 1])).toThrow(RangeError);
    expect(() => reliabilityTable([0.5], [2])).toThrow(RangeError);
  });
});
