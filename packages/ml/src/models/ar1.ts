// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ml-regression ships no types: this brings ours into every program that compiles this file
/// <reference path="../ml-regression.d.ts" />
// AR(1) on per-step returns, the allowed stand-in for the seed's ARIMA(1,0,1) path (§7.2):
// r_t − μ = φ(r_{t−1} − μ) + ε_t, fitted by ml-regression's SimpleLinearRegression on
// (r_{t−1}, r_t) pairs.
import { mean } from 'simple-statistics';
import { SimpleLinearRegression } from 'ml-regression';
import { checkHorizon, driftForecaster, type ReturnForecaster } from './baselines';

export interface Ar1Model extends ReturnForecaster {
  /** Long-run mean return: the sample mean of the returns. */
  readonly mu: number;
  /** Persistence, the OLS slope clipped to [−phiLimit, phiLimit]; 0 for the drift fallback. */
  readonly phi: number;
  /** Residual standard deviation (n − 2 denominator over the n lagged pairs). */
  readonly sigma: number;
  /** The last return, r_T, that the forecast decays from. */
  readonly last: number;
  /** Standard deviation of the cumulative h-step return under the fitted model. */
  cumulativeSigma(h: number): number;
}

export interface Ar1Options {
  /** Fewer returns than this fall back to the drift model. */
  minPoints?: number;
  /** |φ| bound; keeps the process stationary so forecasts decay instead of exploding. */
  phiLimit?: number;
}

/**
 * μ is the sample mean rather than intercept / (1 − slope): the ratio amplifies noise as the
 * slope nears 1 and stops meaning anything once φ is clipped, while the mean stays consistent.
 * Too few returns, or a degenerate regression (constant returns), gives the drift model as an
 * Ar1Model with kind 'drift' and φ = 0.
 */
export function fitAr1(returns: readonly number[], options: Ar1Options = {}): Ar1Model {
  const minPoints = options.minPoints ?? 30;
  const phiLimit = options.phiLimit ?? 0.99;
  if (!(phiLimit > 0 && phiLimit < 1)) throw new RangeError(`fitAr1: phiLimit must be in (0, 1), got ${phiLimit}`);
  if (!returns.every(Number.isFinite)) throw new RangeError('fitAr1: returns must be finite');
  const last = returns[returns.length - 1] ?? 0;
  if (returns.length >= Math.max(minPoints, 3)) {
    const x = returns.slice(0, -1);
    const y = returns.slice(1);
    // Constant lagged returns leave the slope undefined; ml-regression then reports 1 (its
    // rounding noise divided by itself), so the degenerate case is caught here instead.
    const varies = x.some((v) => v !== x[0]);
    const slope = varies ? new SimpleLinearRegression(x, y).slope : Number.NaN;
    if (Number.isFinite(slope)) {
      const mu = mean([...returns]);
      const phi = Math.min(phiLimit, Math.max(-phiLimit, slope));
      let ss = 0;
      for (let i = 0; i < x.length; i++) {
        const e = (y[i] as number) - mu - phi * ((x[i] as number) - mu);
        ss += e * e;
      }
      return ar1Model('ar1', mu, phi, Math.sqrt(ss / Math.max(1, x.length - 2)), last);
    }
  }
  const drift = driftForecaster(returns);
  return ar1Model('drift', drift.mu, 0, drift.sigma, last);
}

function ar1Model(kind: 'ar1' | 'drift', mu: number, phi: number, sigma: number, last: number): Ar1Model {
  const path = (h: number): number[] => {
    checkHorizon(h);
    const out: number[] = [];
    let cum = 0;
    let decay = 1;
    for (let k = 1; k <= h; k++) {
      decay *= phi;
      cum += mu + decay * (last - mu);
      out.push(cum);
    }
    return out;
  };
  // Shock ε_{T+k} moves every later step by φ^j, so it adds Σ_{j=0}^{h−k} φ^j to the sum.
  const cumulativeSigma = (h: number): number => {
    checkHorizon(h);
    let variance = 0;
    for (let k = 1; k <= h; k++) {
      let gain = 0;
      let p = 1;
      for (let j = 0; j <= h - k; j++) {
        gain += p;
        p *= phi;
      }
      variance += gain * gain;
    }
    return sigma * Math.sqrt(variance);
  };
  return {
    kind,
    mu,
    phi,
    sigma,
    last,
    path,
    expectedReturn: (h) => path(h)[h - 1] as number,
    cumulativeSigma,
  };
}
