import golden from '../../fixtures/evaluation-grade.json';
import { goldenMismatches } from './golden.test-support';
import type { DirectionLabel } from './labels';
import { edgeMetrics, gradeLetter, gradePoints, validatorGrade } from './validator-grade';

describe('validator grade', () => {
  it('scores the live OLD figures as F', () => {
    // §6: direction 44.4 %, capture 61.1 %; with a zero edge gap: 10 + 15 + 30 = 55.
    expect(gradePoints({ directionAccuracy: 0.444, bandCaptureRate: 0.611, edgeGap: 0 })).toEqual({
      direction: 10,
      capture: 15,
      edge: 30,
      total: 55,
    });
    expect(gradeLetter(55)).toBe('F');
  });

  it('puts letters at 90 / 80 / 70 / 60', () => {
    expect([100, 90, 89, 80, 70, 60, 59].map(gradeLetter)).toEqual(['A', 'A', 'B', 'B', 'C', 'D', 'F']);
  });

  it('matches the reference script on every golden case', () => {
    for (const c of golden.cases) {
      expect(goldenMismatches(validatorGrade(c.input), c.expected)).toEqual([]);
    }
  });
});

describe('edgeMetrics', () => {
  it('aligns returns with the call and opens a gap only for flat outcomes', () => {
    const m = edgeMetrics(['bullish', 'bearish', 'neutral'], [0.02, 0.01, -0.03]);
    // aligned 0.02, −0.01, −0.03: win rate 1/3, avg win 0.02, avg loss 0.02.
    expect(m.realizedEdge).toBeCloseTo(-0.02 / 3, 15);
    expect(m.edgeGap).toBeCloseTo(0, 15);
    const flat = edgeMetrics(['bullish', 'bullish'], [0.02, 0]);
    // expected 0.5·0.02 − 0.5·0 = 0.01 = realised: the zero has no loss to weigh.
    expect(flat.edgeGap).toBeCloseTo(0, 15);
    const withLoss = edgeMetrics(['bullish', 'bullish', 'bullish'], [0.03, 0, -0.03]);
    // expected (1/3)·0.03 − (2/3)·0.03 = −0.01; realised 0 → gap −(1/3)·0.03.
    expect(withLoss.edgeGap).toBeCloseTo(-0.01, 15);
  });

  it('matches the reference script on every golden case', () => {
    for (const c of golden.edge) {
      const actual = edgeMetrics(c.input.labels as DirectionLabel[], c.input.returns);
      expect(goldenMismatches(actual, c.expected)).toEqual([]);
    }
  });
});
