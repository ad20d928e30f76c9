import { driftForecaster, naiveForecaster } from './baselines';

describe('baselines', () => {
  it('naive forecasts no change', () => {
    const m = naiveForecaster();
    expect(m.expectedReturn(5)).toBe(0);
    expect(m.path(3)).toEqual([0, 0, 0]);
  });

  it('drift forecasts mean return × h', () => {
    const m = driftForecaster([0.01, 0.03, -0.01, 0.01]);
    expect(m.mu).toBeCloseTo(0.01, 15);
    expect(m.expectedReturn(5)).toBeCloseTo(0.05, 15);
    expect(m.path(2)).toEqual([m.mu, 2 * m.mu]);
    expect(m.sigma).toBeCloseTo(Math.sqrt(0.0008 / 3), 15);
  });

  it('drift with no returns is the naive forecast', () => {
    const m = driftForecaster([]);
    expect(m.expectedReturn(3)).toBe(0);
    expect(m.sigma).toBe(0);
  });

  it('rejects bad horizons and non-finite returns', () => {
    expect(() => naiveForecaster().path(0)).toThrow(RangeError);
    expect(() => driftForecaster([0.1]).expectedReturn(1.5)).toThrow(RangeError);
    expect(() => driftForecaster([Number.NaN])).toThrow(RangeError);
  });
});
