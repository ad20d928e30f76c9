// Return baselines every learned model must beat: "no change" and "keep the average drift".
// Returns are per-step (log returns sum exactly over a horizon; simple returns to first order).
import { mean, sampleStandardDeviation } from 'simple-statistics';

export type ReturnModelKind = 'ar1' | 'drift' | 'naive';

export interface ReturnForecaster {
  readonly kind: ReturnModelKind;
  /** Expected cumulative return after 1, 2, …, h steps. */
  path(h: number): number[];
  /** Expected cumulative return after h steps (the last element of path(h)). */
  expectedReturn(h: number): number;
}

export function checkHorizon(h: number): void {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`horizon must be a positive integer, got ${h}`);
}

/** Zero expected return at every horizon: the random-walk forecast MASE is measured against. */
export function naiveForecaster(): ReturnForecaster {
  return {
    kind: 'naive',
    path: (h) => {
      checkHorizon(h);
      return new Array<number>(h).fill(0);
    },
    expectedReturn: (h) => {
      checkHorizon(h);
      return 0;
    },
  };
}

export interface DriftForecaster extends ReturnForecaster {
  readonly mu: number;
  /** Sample standard deviation of the per-step returns (0 with fewer than two). */
  readonly sigma: number;
}

/** Mean per-step return × h. With no returns the drift is 0, i.e. the naive forecast. */
export function driftForecaster(returns: readonly number[]): DriftForecaster {
  if (!returns.every(Number.isFinite)) throw new RangeError('driftForecaster: returns must be finite');
  const mu = returns.length > 0 ? mean([...returns]) : 0;
  const sigma = returns.length > 1 ? sampleStandardDeviation([...returns]) : 0;
  return {
    kind: 'drift',
    mu,
    sigma,
    path: (h) => {
      checkHorizon(h);
      return Array.from({ length: h }, (_, i) => mu * (i + 1));
    },
    expectedReturn: (h) => {
      checkHorizon(h);
      return mu * h;
    },
  };
}
