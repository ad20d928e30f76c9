import { trendFromCloses } from './trend';

describe('trendFromCloses', () => {
  it('bullish when close > SMA10 > SMA20', () => {
    // 1..20: close 20, SMA10 15.5, SMA20 10.5
    expect(trendFromCloses(Array.from({ length: 20 }, (_, i) => i + 1))).toBe('bullish');
  });

  it('bearish on the mirror, neutral otherwise or with under 20 closes', () => {
    expect(trendFromCloses(Array.from({ length: 25 }, (_, i) => 100 - i))).toBe('bearish');
    // Rising overall but the last close dips under SMA10.
    expect(trendFromCloses([...Array.from({ length: 19 }, (_, i) => i + 1), 12])).toBe('neutral');
    expect(trendFromCloses(Array.from({ length: 19 }, (_, i) => i + 1))).toBe('neutral');
    expect(trendFromCloses([...Array.from({ length: 19 }, (_, i) => i + 1), Number.NaN])).toBe('neutral');
  });

  it('looks only at the last 20 closes', () => {
    const closes = [...Array.from({ length: 30 }, () => 500), ...Array.from({ length: 20 }, (_, i) => i + 1)];
    expect(trendFromCloses(closes)).toBe('bullish');
  });
});
