import golden from '../../fixtures/evaluation-labels.json';
import { goldenMismatches } from './golden.test-support';
import {
  binaryDirection,
  classifyReturn,
  evaluateDaily,
  evaluateIntraday,
  labelIndex,
  realizedReturn,
  srContainment,
  type DailyForecastOutcome,
  type IntradayForecastOutcome,
} from './labels';

describe('labels', () => {
  it('treats the ±2 % and ±0.2 % boundaries as neutral', () => {
    expect(classifyReturn(realizedReturn(100, 102), 0.02)).toBe('neutral');
    expect(classifyReturn(realizedReturn(100, 98), 0.02)).toBe('neutral');
    expect(classifyReturn(realizedReturn(100, 102.01), 0.02)).toBe('bullish');
    expect(classifyReturn(-0.0021, 0.002)).toBe('bearish');
  });

  it('maps labels to class indices and returns to binary direction', () => {
    expect(['bearish', 'neutral', 'bullish'].map((l) => labelIndex(l as 'bearish'))).toEqual([0, 1, 2]);
    expect([0.01, 0, -0.01].map(binaryDirection)).toEqual([1, 0, 0]);
  });

  it('falls back to predicted / 1.02 for a missing daily start price', () => {
    const e = evaluateDaily({ predictedLabel: 'bullish', predictedValue: 102, realizedPrice: 105 });
    // start = 100: r = 5 %, bullish; |102 − 105| / 100.
    expect(e.realizedReturn).toBeCloseTo(0.05, 12);
    expect(e).toMatchObject({ realizedLabel: 'bullish', directionCorrect: true, priceError: 3 });
    expect(e.priceErrorPct).toBeCloseTo(0.03, 12);
  });

  it('checks S/R containment with the 2 % margins inclusive', () => {
    // Range [min(95, 98, 100)·0.98, max(…)·1.02] = [93.1, 102].
    expect(srContainment(102, 100, 95, 98)).toBe(true);
    expect(srContainment(102.01, 100, 95, 98)).toBe(false);
    expect(srContainment(93.1, 100, 95, 98)).toBe(true);
  });

  it('matches the reference script on every golden case', () => {
    for (const c of golden.cases) {
      const actual =
        c.kind === 'daily'
          ? evaluateDaily(c.input as DailyForecastOutcome)
          : evaluateIntraday(c.input as IntradayForecastOutcome);
      expect(goldenMismatches(actual, c.expected)).toEqual([]);
    }
    expect(golden.cases.length).toBeGreaterThan(100);
  });
});
