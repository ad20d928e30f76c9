import {
  binaryBrierScore,
  binaryBrierSkillScore,
  brierScore,
  brierSkillScore,
  classFrequencies,
} from './brier';

describe('brierScore', () => {
  it('matches a hand computation', () => {
    // Row 1, y = 0: (0.7−1)² + 0.2² + 0.1² = 0.14; row 2, y = 2: 0.2² + 0.3² + (0.5−1)² = 0.38.
    expect(brierScore([[0.7, 0.2, 0.1], [0.2, 0.3, 0.5]], [0, 2])).toBeCloseTo(0.26, 15);
  });

  it('is 0 for certain correct forecasts and 2 for certain wrong ones', () => {
    expect(brierScore([[0, 1, 0]], [1])).toBe(0);
    expect(brierScore([[1, 0, 0]], [2])).toBe(2);
  });

  it('rejects outcomes outside the classes and ragged rows', () => {
    expect(() => brierScore([[0.5, 0.5]], [2])).toThrow(RangeError);
    expect(() => brierScore([[0.5, 0.5], [1]], [0, 0])).toThrow(RangeError);
  });
});

describe('brierSkillScore', () => {
  const outcomes = [0, 1, 2, 2];

  it('is 0 for the climatology forecast itself', () => {
    const clim = classFrequencies(outcomes, 3);
    expect(clim).toEqual([0.25, 0.25, 0.5]);
    expect(brierSkillScore(outcomes.map(() => clim), outcomes, clim)).toBeCloseTo(0, 15);
  });

  it('is 1 for a perfect forecast and negative for a confident wrong one', () => {
    const clim = [0.25, 0.25, 0.5];
    const perfect = outcomes.map((y) => [0, 1, 2].map((c) => (c === y ? 1 : 0)));
    expect(brierSkillScore(perfect, outcomes, clim)).toBe(1);
    const wrong = outcomes.map((y) => [0, 1, 2].map((c) => (c === (y + 1) % 3 ? 1 : 0)));
    expect(brierSkillScore(wrong, outcomes, clim)).toBeLessThan(0);
  });

  it('uses the climatology passed in, not the evaluation frequencies', () => {
    // Training said class 2 dominates; on these outcomes the evaluation frequencies beat that,
    // so forecasting them earns positive skill against the training climatology.
    const trainingClim = [0.1, 0.1, 0.8];
    const evalFreq = [0.25, 0.25, 0.5];
    expect(brierSkillScore(outcomes.map(() => evalFreq), outcomes, trainingClim)).toBeGreaterThan(0);
  });
});

describe('binary Brier', () => {
  it('matches a hand computation and is half the two-class score', () => {
    const p = [0.8, 0.3, 0.6];
    const y = [1, 0, 0];
    // 0.04 + 0.09 + 0.36 = 0.49 over 3.
    expect(binaryBrierScore(p, y)).toBeCloseTo(0.49 / 3, 15);
    const twoClass = brierScore(p.map((q) => [1 - q, q]), y);
    expect(binaryBrierScore(p, y)).toBeCloseTo(twoClass / 2, 15);
  });

  it('skill against the base rate', () => {
    const y = [1, 0, 0, 1];
    expect(binaryBrierSkillScore([0.5, 0.5, 0.5, 0.5], y, 0.5)).toBe(0);
    expect(binaryBrierSkillScore([1, 0, 0, 1], y, 0.5)).toBe(1);
    expect(binaryBrierSkillScore([0.5], [1], 1)).toBeNaN();
  });
});
