import * as ml from './index';

describe('@marketfleet/ml public API', () => {
  it('wires a scaled classifier, calibration and scoring end to end', () => {
    const X = [
      [1, 10],
      [2, 11],
      [3, 30],
      [4, 31],
      [5, 50],
      [6, 51],
    ];
    const y = X.map((_, i) => ml.labelIndex(ml.DIRECTION_LABELS[Math.floor(i / 2)] as ml.DirectionLabel));
    const scaler = ml.fitRobustScaler(X);
    const model = ml.fitSoftmaxRegression(X.map((r) => scaler.transform(r)), y, 3);
    const probs = X.map((r) => model.predictProba(scaler.transform(r)));
    expect(ml.brierScore(probs, y)).toBeLessThan(ml.brierScore(X.map(() => ml.classFrequencies(y, 3)), y));
    const ensemble = ml.combineForecasts(
      [
        { probabilities: probs[0] as number[], expectedReturn: 0.01 },
        { probabilities: [1 / 3, 1 / 3, 1 / 3], expectedReturn: ml.fitAr1([0.01, 0.02]).expectedReturn(1) },
      ],
      ml.normaliseWeights([0.504, 0.497]),
    );
    expect(ensemble.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
