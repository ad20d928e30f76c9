import golden from '../../fixtures/evaluation-weight-update.json';
import { goldenMismatches } from './golden.test-support';
import { accuracyShares, roundHalfAwayFromZero, updateModelWeights } from './weight-update';

describe('roundHalfAwayFromZero', () => {
  it('rounds decimal halves up in magnitude even when binary lands just below', () => {
    // 0.7·0.505 + 0.3·0.5 is 0.50349999999999994760 in binary; NUMERIC holds exactly 0.5035.
    expect(roundHalfAwayFromZero(0.7 * 0.505 + 0.3 * 0.5, 3)).toBe(0.504);
    expect(roundHalfAwayFromZero(0.0625, 3)).toBe(0.063);
    expect(roundHalfAwayFromZero(-0.0625, 3)).toBe(-0.063);
    expect(roundHalfAwayFromZero(0.12349, 3)).toBe(0.123);
  });
});

describe('updateModelWeights', () => {
  it('moves 30 % of the way to the accuracy shares and returns the real old weights', () => {
    const u = updateModelWeights({ oldWeights: [0.5, 0.5], accuracies: [0.75, 0.25], samples: 25 });
    // shares 0.75 / 0.25 → 0.35 + 0.225 = 0.575 and 0.35 + 0.075 = 0.425.
    expect(u).toEqual({ oldWeights: [0.5, 0.5], newWeights: [0.575, 0.425], shares: [0.75, 0.25], updated: true });
  });

  it('keeps the weights below 20 samples or with no accuracy at all', () => {
    expect(updateModelWeights({ oldWeights: [0.6, 0.4], accuracies: [0.5, 0.5], samples: 19 })).toMatchObject({
      newWeights: [0.6, 0.4],
      updated: false,
      reason: 'insufficient_samples',
    });
    expect(updateModelWeights({ oldWeights: [0.6, 0.4], accuracies: [0, 0], samples: 40 }).reason).toBe('zero_accuracy');
    expect(accuracyShares([0, 0])).toBeNull();
  });

  it('rejects mismatched or out-of-range input', () => {
    expect(() => updateModelWeights({ oldWeights: [1], accuracies: [0.5, 0.5], samples: 30 })).toThrow(RangeError);
    expect(() => accuracyShares([1.5])).toThrow(RangeError);
  });

  it('matches the reference script (exact NUMERIC arithmetic) on every golden case', () => {
    for (const c of golden.cases) {
      expect(goldenMismatches(updateModelWeights(c.input), c.expected)).toEqual([]);
    }
  });
});
