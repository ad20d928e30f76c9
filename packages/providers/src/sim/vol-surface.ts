// The implied-volatility surface of the simulated chains: an at-the-money term structure that
// starts at the day's GARCH volatility and reverts to the long-run level with maturity, and an
// equity smile (puts richer than calls) in standardised moneyness.

const { exp, log, max, min, sqrt } = Math;

const SESSIONS_PER_YEAR = 252;
/** Implied volatility trades above realised: the variance risk premium sellers are paid. */
const RISK_PREMIUM = 1.1;
/** How fast a vol shock fades with maturity, per year: a GARCH persistence of 0.96 a session. */
const REVERSION_PER_YEAR = -log(0.96) * SESSIONS_PER_YEAR;
/** Smile in z = ln(K/S) / (σ_atm·√T): slope (negative: downside skew) and curvature. */
const SKEW = -0.12;
const CURVATURE = 0.04;
/** Beyond ±3.5 standard deviations the wings are held flat. */
const WING = 3.5;
/** Short-dated options still carry a day of variance, so z stays finite at expiry. */
const MIN_YEARS = 1 / 365;

export interface VolSurface {
  /** At-the-money volatility for `years` to expiry. */
  atm(years: number): number;
  /** Standardised moneyness: how many at-the-money standard deviations the strike lies from spot. */
  moneyness(strike: number, years: number): number;
  /** Implied volatility at a strike and maturity. */
  iv(strike: number, years: number): number;
}

/** The surface of one underlying on one day, from its daily and long-run volatility. */
export function volSurface(spot: number, dailyVol: number, longRunVol: number): VolSurface {
  const now = (dailyVol * RISK_PREMIUM) ** 2 * SESSIONS_PER_YEAR;
  const longRun = (longRunVol * RISK_PREMIUM) ** 2 * SESSIONS_PER_YEAR;
  const atm = (years: number): number => {
    const kt = REVERSION_PER_YEAR * max(years, MIN_YEARS);
    // The average of a variance reverting exponentially from `now` to `longRun` over [0, T].
    return sqrt(longRun + ((now - longRun) * (1 - exp(-kt))) / kt);
  };
  const moneyness = (strike: number, years: number): number => {
    const t = max(years, MIN_YEARS);
    return log(strike / spot) / (atm(t) * sqrt(t));
  };
  return {
    atm,
    moneyness,
    iv(strike, years) {
      const z = min(WING, max(-WING, moneyness(strike, years)));
      return atm(years) * (1 + SKEW * z + CURVATURE * z * z);
    },
  };
}
