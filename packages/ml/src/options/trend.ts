import { type PriceTrend } from './types';

/**
 * The underlying's trend from its last 20 daily closes: bullish when close > SMA10 > SMA20,
 * bearish when close < SMA10 < SMA20, otherwise (or with fewer than 20 closes) neutral.
 */
export function trendFromCloses(closes: readonly number[]): PriceTrend {
  if (closes.length < 20 || closes.some((c) => !Number.isFinite(c))) return 'neutral';
  const last20 = closes.slice(-20);
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const sma20 = sum(last20) / 20;
  const sma10 = sum(last20.slice(-10)) / 10;
  const close = last20[19]!;
  if (close > sma10 && sma10 > sma20) return 'bullish';
  if (close < sma10 && sma10 < sma20) return 'bearish';
  return 'neutral';
}
