import golden from '../../fixtures/levels.json';
import { expectGolden, sp500 } from '../../test/golden';
import { levelWindows } from '../../test/windows';
import { type Ohlc } from '../series';
import { polynomialSr } from './polynomial-sr';

// 30 bars with highs of 10 except spikes of 20, 21, 22 at bars 6, 14 and 22: the only pivot
// highs, since every other bar has a spike within 5 bars. Lows are all 9, so every testable
// bar (5…24) is a pivot low. The last bar reaches 23.5 and closes at 23.
const spikes: Record<number, number> = { 6: 20, 14: 21, 22: 22 };
const bars: Ohlc[] = Array.from({ length: 30 }, (_, i) => {
  const high = i === 29 ? 23.5 : (spikes[i] ?? 10);
  return { open: 9.5, high, low: 9, close: i === 29 ? 23 : 9.5, volume: 0 };
});

describe('polynomialSr', () => {
  const r = polynomialSr(bars);

  it('fits the resistance line in bars-back coordinates, so rising means a negative slope', () => {
    // Bars back 23, 15, 7 normalise to 1, 0.5, 0 (min 7, span 16); prices 20, 21, 22 lie on
    // 22 − 2·x_norm exactly. The last bar is x = 0 → x_norm = −7/16 → 22.875; one bar back
    // 22.75; k bars ahead 22.875 + k/8. In time the line rises 1 every 8 bars.
    const res = r.resistance!;
    expect(res.coefficients[0]).toBeCloseTo(22, 12);
    expect(res.slope).toBeCloseTo(-2, 12);
    expect(res.timeSlope).toBeCloseTo(2, 12);
    expect(res.slopePerBar).toBeCloseTo(1 / 8, 12);
    expect(res.trend).toBe('rising');
    expect(res.level).toBeCloseTo(22.875, 12);
    expect(res.previous).toBeCloseTo(22.75, 12);
    res.ahead.forEach((v, k) => expect(v).toBeCloseTo(22.875 + (k + 1) / 8, 12));
    expect(res.ahead).toHaveLength(20);
    expect(res.pivots.map((p) => p.index)).toEqual([6, 14, 22]);
  });

  it('fits a flat support through equal lows', () => {
    const sup = r.support!;
    expect(sup.pivots).toHaveLength(20);
    expect(sup.level).toBeCloseTo(9, 12);
    expect(sup.trend).toBe('flat');
  });

  it('signals a test and a break when the last bar crosses the resistance line', () => {
    // high 23.5 ≥ 22.875 after a high of 10 < 22.75; close 23 > 22.875 after 9.5 ≤ 22.75
    expect(r.signals).toEqual(['resistance_test', 'resistance_break']);
  });

  it('needs two pivots on a side', () => {
    expect(polynomialSr(bars.slice(0, 12))).toMatchObject({ resistance: null });
    expect(polynomialSr([])).toEqual({ resistance: null, support: null, signals: [] });
  });
});

it.each(levelWindows)('matches the reference on %s', (name, window) => {
  expectGolden(polynomialSr(window), golden.windows[name].polynomialSr);
});

it('matches the reference on a prefix every 7 bars', () => {
  expectGolden(
    golden.polynomialWalk.map((w) => polynomialSr(sp500.slice(0, w.end))),
    golden.polynomialWalk.map(({ end: _end, ...expected }) => expected),
  );
});
