// The seed's global validator (`monitoring/forecast_validator.py`, §2.3): grade points, letter,
// the edge metrics behind the edge gap, and its alert rule.
import type { DirectionLabel } from './labels';

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

export interface ValidatorMetrics {
  directionAccuracy: number;
  bandCaptureRate: number;
  /** expected edge − realised edge. */
  edgeGap: number;
}

export interface GradePoints {
  direction: number;
  capture: number;
  edge: number;
  total: number;
}

export function gradePoints(m: ValidatorMetrics): GradePoints {
  const direction = m.directionAccuracy >= 0.65 ? 40 : m.directionAccuracy >= 0.55 ? 30 : m.directionAccuracy >= 0.5 ? 20 : 10;
  const capture = m.bandCaptureRate >= 0.8 ? 30 : m.bandCaptureRate >= 0.7 ? 22 : m.bandCaptureRate >= 0.6 ? 15 : 5;
  const gap = Math.abs(m.edgeGap);
  const edge = gap < 0.02 ? 30 : gap < 0.05 ? 22 : gap < 0.1 ? 15 : 5;
  return { direction, capture, edge, total: direction + capture + edge };
}

export function gradeLetter(points: number): Grade {
  if (points >= 90) return 'A';
  if (points >= 80) return 'B';
  if (points >= 70) return 'C';
  if (points >= 60) return 'D';
  return 'F';
}

export interface ValidatorGrade {
  points: GradePoints;
  grade: Grade;
  /** The seed alerts when accuracy < 0.55 or |edge gap| > 0.05. */
  alert: boolean;
}

export function validatorGrade(m: ValidatorMetrics): ValidatorGrade {
  const points = gradePoints(m);
  return { points, grade: gradeLetter(points.total), alert: m.directionAccuracy < 0.55 || Math.abs(m.edgeGap) > 0.05 };
}

export interface EdgeMetrics {
  winRate: number;
  avgWin: number;
  avgLoss: number;
  /** winRate·avgWin − (1 − winRate)·avgLoss. */
  expectedEdge: number;
  /** Mean aligned return. */
  realizedEdge: number;
  edgeGap: number;
}

/**
 * Returns are aligned with the call: negated for bearish predictions, kept as-is otherwise
 * (neutral counts as long, as in the seed). Note the seed's expected edge uses 1 − winRate,
 * not the loss rate, so the gap is mathematically zero (rounding aside) unless some aligned
 * returns are exactly 0, when it is −(zeros/n)·avgLoss: it measures flat outcomes, not
 * calibration. Ported as coded. All zeros for no forecasts.
 */
export function edgeMetrics(predicted: readonly DirectionLabel[], returns: readonly number[]): EdgeMetrics {
  if (predicted.length !== returns.length) {
    throw new RangeError(`edgeMetrics: ${predicted.length} predictions but ${returns.length} returns`);
  }
  const n = returns.length;
  if (n === 0) return { winRate: 0, avgWin: 0, avgLoss: 0, expectedEdge: 0, realizedEdge: 0, edgeGap: 0 };
  let wins = 0;
  let losses = 0;
  let sumWin = 0;
  let sumLoss = 0;
  let sum = 0;
  returns.forEach((r, i) => {
    const a = predicted[i] === 'bearish' ? -r : r;
    sum += a;
    if (a > 0) {
      wins++;
      sumWin += a;
    } else if (a < 0) {
      losses++;
      sumLoss += -a;
    }
  });
  const winRate = wins / n;
  const avgWin = wins > 0 ? sumWin / wins : 0;
  const avgLoss = losses > 0 ? sumLoss / losses : 0;
  const expectedEdge = winRate * avgWin - (1 - winRate) * avgLoss;
  const realizedEdge = sum / n;
  return { winRate, avgWin, avgLoss, expectedEdge, realizedEdge, edgeGap: expectedEdge - realizedEdge };
}
