import { applyForecastTilt, forecastTiltFor, type UnderlyingForecast } from './forecast-tilt';
import { expectClose, loadFixture } from './golden-fixtures';

const now = new Date('2024-03-04T14:00:00Z');
const hours = (h: number): Date => new Date(now.getTime() - h * 3_600_000);
const opts = { now, maxAgeMs: 24 * 3_600_000 };
const bull: UnderlyingForecast = { label: 'bullish', confidence: 0.6, agreement: 1, runAt: hours(2) };

describe('forecastTiltFor', () => {
  it('s = conf·(0.5 + 0.5·agreement): aligned +22.5·s, opposite −11.25·s', () => {
    expect(forecastTiltFor('call', bull, opts)).toBeCloseTo(13.5, 12); // s = 0.6
    expect(forecastTiltFor('put', bull, opts)).toBeCloseTo(-6.75, 12);
    const split = { ...bull, label: 'bearish' as const, agreement: 0 }; // s = 0.3
    expect(forecastTiltFor('put', split, opts)).toBeCloseTo(6.75, 12);
    expect(forecastTiltFor('call', split, opts)).toBeCloseTo(-3.375, 12);
  });

  it('ignores neutral and stale forecasts (24 h old is stale)', () => {
    expect(forecastTiltFor('call', { ...bull, label: 'neutral' }, opts)).toBe(0);
    expect(forecastTiltFor('call', { ...bull, runAt: hours(24) }, opts)).toBe(0);
    expect(forecastTiltFor('call', { ...bull, runAt: hours(23.9) }, opts)).toBeCloseTo(13.5, 12);
    expect(forecastTiltFor('call', { ...bull, runAt: hours(-0.1) }, opts)).toBeCloseTo(13.5, 12);
  });
});

describe('applyForecastTilt', () => {
  it('clips the composite to [0, 100] and keeps mlScore in step', () => {
    const rows = [
      { symbol: 'c', side: 'call' as const, composite: 95 },
      { symbol: 'p', side: 'put' as const, composite: 3 },
    ];
    expect(applyForecastTilt(rows, bull, opts)).toEqual([
      { symbol: 'c', side: 'call', composite: 100, mlScore: 1, forecastTilt: expect.closeTo(13.5, 12) },
      { symbol: 'p', side: 'put', composite: 0, mlScore: 0, forecastTilt: expect.closeTo(-6.75, 12) },
    ]);
    expect(applyForecastTilt(rows, null, opts).map((r) => r.composite)).toEqual([95, 3]);
  });

  it('matches the Python reference', () => {
    interface F { label: 'bullish' | 'bearish' | 'neutral'; confidence: number; agreement: number; runAtMs: number }
    const f = loadFixture<{
      nowMs: number;
      maxAgeMs: number;
      rows: { symbol: string; side: 'call' | 'put'; composite: number }[];
      tilts: { forecast: F; expected: [number, number][] }[];
    }>('options-tilt-select.json');
    for (const t of f.tilts) {
      const got = applyForecastTilt(f.rows, { ...t.forecast, runAt: new Date(t.forecast.runAtMs) }, { now: new Date(f.nowMs), maxAgeMs: f.maxAgeMs });
      got.forEach((g, i) => {
        const [composite, tilt] = t.expected[i]!;
        expectClose(g.composite, composite, 1e-12, `${g.symbol} composite`);
        expectClose(g.forecastTilt, tilt, 1e-12, `${g.symbol} tilt`);
      });
    }
  });
});
