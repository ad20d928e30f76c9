// The seed's "Option B" four-tier forecast outcome (`forecast_validator.evaluate_single_forecast`,
// §2.2), ported from its code. Two details differ from the prose description and follow code:
// direction compares "up" booleans (mid > prior vs actual > prior), so a flat actual agrees with
// a down forecast; and the tolerance test is mid·(1 − tol) ≤ actual ≤ mid·(1 + tol), inclusive.

export type OptionBOutcome = 'FULL_HIT' | 'DIRECTIONAL_HIT' | 'DIRECTIONAL_ONLY' | 'MISS';

/** Intraday horizons are scored as 1-day horizons, as in the seed. */
export const INTRADAY_HORIZON_DAYS: Readonly<Record<string, number>> = { '15m': 1, '1h': 1 };

/** ±1 % of the mid for horizons up to 3 days, ±2 % beyond. */
export function optionBTolerance(horizonDays: number): number {
  return horizonDays <= 3 ? 0.01 : 0.02;
}

export interface OptionBInput {
  low: number;
  mid: number;
  high: number;
  horizonDays: number;
  actual: number;
  prior: number;
}

export interface OptionBEvaluation {
  outcome: OptionBOutcome;
  directionCorrect: boolean;
  withinBand: boolean;
  withinTolerance: boolean;
  within2xTolerance: boolean;
  /** |actual − mid| / actual · 100 (0 when actual is 0, as the seed guards). */
  mape: number;
  /** mid − actual: positive means the forecast was too high. */
  bias: number;
  horizonDays: number;
  tolerancePct: number;
}

export function evaluateOptionB(f: OptionBInput): OptionBEvaluation {
  const directionCorrect = (f.mid > f.prior) === (f.actual > f.prior);
  const tol = optionBTolerance(f.horizonDays);
  const withinTolerance = f.mid * (1 - tol) <= f.actual && f.actual <= f.mid * (1 + tol);
  const within2xTolerance = f.mid * (1 - 2 * tol) <= f.actual && f.actual <= f.mid * (1 + 2 * tol);
  let outcome: OptionBOutcome = 'MISS';
  if (directionCorrect) outcome = withinTolerance ? 'FULL_HIT' : within2xTolerance ? 'DIRECTIONAL_HIT' : 'DIRECTIONAL_ONLY';
  return {
    outcome,
    directionCorrect,
    withinBand: f.low <= f.actual && f.actual <= f.high,
    withinTolerance,
    within2xTolerance,
    mape: f.actual !== 0 ? (Math.abs(f.actual - f.mid) / f.actual) * 100 : 0,
    bias: f.mid - f.actual,
    horizonDays: f.horizonDays,
    tolerancePct: tol * 100,
  };
}

export interface OptionBSummary {
  total: number;
  directionalAccuracy: number;
  rates: Record<OptionBOutcome, number>;
  counts: Record<OptionBOutcome, number>;
  meanMape: number;
  meanBias: number;
  /** Share of actuals inside the forecast's own band. */
  empiricalCoverage: number;
}

/** The seed's `summarize_forecast_accuracy` without the per-horizon breakdown; zeros when empty. */
export function summariseOptionB(evaluations: readonly OptionBEvaluation[]): OptionBSummary {
  const counts: Record<OptionBOutcome, number> = { FULL_HIT: 0, DIRECTIONAL_HIT: 0, DIRECTIONAL_ONLY: 0, MISS: 0 };
  const n = evaluations.length;
  let correct = 0;
  let mape = 0;
  let bias = 0;
  let covered = 0;
  for (const e of evaluations) {
    counts[e.outcome]++;
    if (e.directionCorrect) correct++;
    mape += e.mape;
    bias += e.bias;
    if (e.withinBand) covered++;
  }
  const rate = (c: number): number => (n === 0 ? 0 : c / n);
  return {
    total: n,
    directionalAccuracy: rate(correct),
    rates: {
      FULL_HIT: rate(counts.FULL_HIT),
      DIRECTIONAL_HIT: rate(counts.DIRECTIONAL_HIT),
      DIRECTIONAL_ONLY: rate(counts.DIRECTIONAL_ONLY),
      MISS: rate(counts.MISS),
    },
    counts,
    meanMape: rate(mape),
    meanBias: rate(bias),
    empiricalCoverage: rate(covered),
  };
}
