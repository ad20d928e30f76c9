// When the live figures say the forecasts have stopped being worth anything: the hit rate's
// interval lies entirely below the base rate (worse than always calling the usual direction),
// or the bands cover more than 10 points away from what they promise.

import { summariseSums, type PerformanceSums } from './performance';

export const SKILL_COLLAPSE = { windowDays: 30, minSamples: 30, coverageTolerance: 0.1 } as const;

export interface SkillCheck {
  collapsed: boolean;
  reasons: string[];
  n: number;
}

export function skillCollapse(sums: PerformanceSums): SkillCheck {
  const s = summariseSums(sums);
  if (s.n < SKILL_COLLAPSE.minSamples) return { collapsed: false, reasons: [], n: s.n };
  const reasons: string[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  if (s.hitRate.upper < s.baseRate) {
    reasons.push(`hit rate ${pct(s.hitRate.p)} [${pct(s.hitRate.lower)}, ${pct(s.hitRate.upper)}] is below the base rate ${pct(s.baseRate)}`);
  }
  for (const [level, got] of [[0.8, s.coverage80], [0.95, s.coverage95]] as const) {
    if (Math.abs(got - level) > SKILL_COLLAPSE.coverageTolerance) reasons.push(`${level * 100} % bands cover ${pct(got)}`);
  }
  return { collapsed: reasons.length > 0, reasons, n: s.n };
}
