import type { StoredBar } from '@marketfleet/db';
import { classicPivots } from '@marketfleet/ml';

export interface PivotLevels {
  basedOn: string;
  pivot: number;
  r1: number;
  s1: number;
  r2: number;
  s2: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Classic floor-trader pivots of the latest daily bar (the ported formula): what the app draws as support and resistance. */
export function pivotLevels(daily: readonly StoredBar[], basedOn: (b: StoredBar) => string): PivotLevels | null {
  const last = daily[daily.length - 1];
  if (!last) return null;
  const p = classicPivots(last);
  return { basedOn: basedOn(last), pivot: round2(p.pp), r1: round2(p.r1), s1: round2(p.s1), r2: round2(p.r2), s2: round2(p.s2) };
}
