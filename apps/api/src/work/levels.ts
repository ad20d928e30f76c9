import type { StoredBar } from '@marketfleet/db';

export interface PivotLevels {
  basedOn: string;
  pivot: number;
  r1: number;
  s1: number;
  r2: number;
  s2: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Classic floor-trader pivots of the latest daily bar: the levels the app draws as support and resistance. */
export function pivotLevels(daily: readonly StoredBar[], basedOn: (b: StoredBar) => string): PivotLevels | null {
  const last = daily[daily.length - 1];
  if (!last) return null;
  const { high: h, low: l, close: c } = last;
  const p = (h + l + c) / 3;
  return { basedOn: basedOn(last), pivot: round2(p), r1: round2(2 * p - l), s1: round2(2 * p - h), r2: round2(p + (h - l)), s2: round2(p - (h - l)) };
}
