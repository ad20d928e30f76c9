import { combineForecasts, normaliseWeights } from './ensemble';

const a = { probabilities: [0.2, 0.3, 0.5], expectedReturn: 0.01 };
const b = { probabilities: [0.6, 0.3, 0.1], expectedReturn: -0.02 };

describe('combineForecasts', () => {
  it('mixes probabilities and returns by weight', () => {
    const e = combineForecasts([a, b], [0.75, 0.25]);
    // 0.75·0.2 + 0.25·0.6 = 0.3; 0.75·0.5 + 0.25·0.1 = 0.4; 0.75·0.01 − 0.25·0.02 = 0.0025.
    expect(e.probabilities[0]).toBeCloseTo(0.3, 15);
    expect(e.probabilities[1]).toBeCloseTo(0.3, 15);
    expect(e.probabilities[2]).toBeCloseTo(0.4, 15);
    expect(e.expectedReturn).toBeCloseTo(0.0025, 15);
  });

  it('with all weight on one model returns that model', () => {
    expect(combineForecasts([a, b], [0, 1])).toEqual({ probabilities: [0.6, 0.3, 0.1], expectedReturn: -0.02 });
  });

  it.each([
    [[a, b], [0.5], /2 models but 1 weights/],
    [[a, b], [1.2, -0.2], /weight 1 is -0.2/],
    [[a, b], [0.5, 0.4], /weights sum to 0.9/],
    [[a, b], [0.5, Number.NaN], /weight 1 is NaN/],
    [[], [], /no models/],
    [[a, { probabilities: [0.5, 0.5], expectedReturn: 0 }], [0.5, 0.5], /model 1 has 2 class probabilities/],
    [[a, { probabilities: [0.5, 0.5, 0.5], expectedReturn: 0 }], [0.5, 0.5], /model 1 probabilities sum to 1.5/],
    [[a, { probabilities: [1.5, -0.5, 0], expectedReturn: 0 }], [0.5, 0.5], /outside \[0, 1\]/],
    [[a, { probabilities: [1, 0, 0], expectedReturn: Infinity }], [0.5, 0.5], /expected return is Infinity/],
  ])('rejects invalid input with a message naming the problem (%#)', (forecasts, weights, message) => {
    expect(() => combineForecasts(forecasts, weights)).toThrow(message);
  });
});

describe('normaliseWeights', () => {
  it('rescales rounded weights to sum to 1', () => {
    const w = normaliseWeights([0.404, 0.597]);
    expect(w[0]! + w[1]!).toBeCloseTo(1, 15);
    expect(combineForecasts([a, b], w).probabilities).toHaveLength(3);
  });

  it('rejects negative or all-zero weights', () => {
    expect(() => normaliseWeights([0, 0])).toThrow(/sum to 0/);
    expect(() => normaliseWeights([1, -1])).toThrow(/weight 1 is -1/);
  });
});
