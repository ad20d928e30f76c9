// When the live figures say the forecasts have stopped being worth anything: the hit rate's
// interval lies entirely below the base rate (worse than always calling the usual direction),
// or the bands cover more than 10 points away from what they promise. The worker's alert and the
// api's gauges (and through them the Prometheus rules) all apply this one rule.

import { summariseSums, type PerformanceSums } from './performance';

/** Over the last 30 sessions, with at least 100 evaluations (fewer move coverage by ±8 points by chance). */
export const SKILL_COLLAPSE = { windowSessions: 30, minSamples: 100, coverageTolerance: 0.1 } as const;

export interface SkillCheck {
  collapsed: boolean;
  /** The hit rate's 95 % interval lies entirely below the base rate. */
  hitRateBelowBase: boolean;
  /** Per band level, coverage more than the tolerance away from it. */
  coverageOff: { 80: boolean; 95: boolean };
  reasons: string[];
  n: number;
}

export function skillCollapse(sums: PerformanceSums): SkillCheck {
  const s = summariseSums(sums);
  const none: SkillCheck = { collapsed: false, hitRateBelowBase: false, coverageOff: { 80: false, 95: false }, reasons: [], n: s.n };
  if (s.n < SKILL_COLLAPSE.minSamples) return none;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const hitRateBelowBase = s.hitRate.upper < s.baseRate;
  const coverageOff = {
    80: Math.abs(s.coverage80 - 0.8) > SKILL_COLLAPSE.coverageTolerance,
    95: Math.abs(s.coverage95 - 0.95) > SKILL_COLLAPSE.coverageTolerance,
  };
  const reasons: string[] = [];
  if (hitRateBelowBase) reasons.push(`hit rate ${pct(s.hitRate.p)} [${pct(s.hitRate.lower)}, ${pct(s.hitRate.upper)}] is below the base rate ${pct(s.baseRate)}`);
  if (coverageOff[80]) reasons.push(`80 % bands cover ${pct(s.coverage80)}`);
  if (coverageOff[95]) reasons.push(`95 % bands cover ${pct(s.coverage95)}`);
  return { collapsed: reasons.length > 0, hitRateBelowBase, coverageOff, reasons, n: s.n };
}
