// European options under Black–Scholes–Merton with a continuous dividend yield q.
// Time is in years, rates and volatility are annual decimals (0.05, 0.2).

import { normCdf, normPdf } from './normal';
import { type OptionSide } from './occ';

export interface BsInput {
  side: OptionSide;
  spot: number;
  strike: number;
  /** Time to expiry in years. */
  years: number;
  /** Annual volatility, e.g. 0.2. */
  vol: number;
  /** Continuously compounded risk-free rate; 0 when omitted. */
  rate?: number;
  /** Continuous dividend yield; 0 when omitted. */
  dividendYield?: number;
}

export interface BsGreeks {
  price: number;
  delta: number;
  gamma: number;
  /** Per calendar day (annual theta / 365), the convention of quote vendors. */
  theta: number;
  /** Per volatility point: the price change for vol + 0.01. */
  vega: number;
  /** Per rate point: the price change for rate + 0.01. */
  rho: number;
}

interface Prepared {
  call: boolean;
  s: number;
  k: number;
  t: number;
  v: number;
  dq: number; // e^(−qT)
  dr: number; // e^(−rT)
  r: number;
  q: number;
}

function prepare(i: BsInput): Prepared {
  const r = i.rate ?? 0;
  const q = i.dividendYield ?? 0;
  // Inputs come from code that already validated quotes; garbage here is a bug, so it throws.
  if (!(i.spot > 0) || !(i.strike > 0) || !Number.isFinite(i.spot) || !Number.isFinite(i.strike)) {
    throw new RangeError(`spot and strike must be positive and finite, got ${i.spot} and ${i.strike}`);
  }
  if (!(i.years >= 0) || !(i.vol >= 0) || !Number.isFinite(i.years) || !Number.isFinite(i.vol)) {
    throw new RangeError(`years and vol must be finite and non-negative, got ${i.years} and ${i.vol}`);
  }
  if (!Number.isFinite(r) || !Number.isFinite(q)) throw new RangeError(`rate and dividendYield must be finite`);
  if (i.side !== 'call' && i.side !== 'put') throw new RangeError(`side must be call or put, got ${String(i.side)}`);
  return { call: i.side === 'call', s: i.spot, k: i.strike, t: i.years, v: i.vol, dq: Math.exp(-q * i.years), dr: Math.exp(-r * i.years), r, q };
}

/** With no time value left (T = 0 or σ = 0) the option is worth its discounted forward intrinsic value. */
function degenerate(p: Prepared): boolean {
  return p.t === 0 || p.v === 0;
}

function price(p: Prepared): number {
  const fwdS = p.s * p.dq;
  const pvK = p.k * p.dr;
  if (degenerate(p)) return Math.max(p.call ? fwdS - pvK : pvK - fwdS, 0);
  const sd = p.v * Math.sqrt(p.t);
  const d1 = (Math.log(p.s / p.k) + (p.r - p.q + (p.v * p.v) / 2) * p.t) / sd;
  const d2 = d1 - sd;
  return p.call ? fwdS * normCdf(d1) - pvK * normCdf(d2) : pvK * normCdf(-d2) - fwdS * normCdf(-d1);
}

export function bsPrice(input: BsInput): number {
  return price(prepare(input));
}

export function bsGreeks(input: BsInput): BsGreeks {
  const p = prepare(input);
  if (degenerate(p)) {
    // The price is a kinked function of spot here: delta is the step, the other greeks vanish.
    const itm = p.call ? p.s * p.dq > p.k * p.dr : p.k * p.dr > p.s * p.dq;
    const delta = itm ? (p.call ? p.dq : -p.dq) : 0;
    return { price: price(p), delta, gamma: 0, theta: 0, vega: 0, rho: 0 };
  }
  const sqrtT = Math.sqrt(p.t);
  const sd = p.v * sqrtT;
  const d1 = (Math.log(p.s / p.k) + (p.r - p.q + (p.v * p.v) / 2) * p.t) / sd;
  const d2 = d1 - sd;
  const pdf = normPdf(d1);
  const decay = (-p.s * p.dq * pdf * p.v) / (2 * sqrtT);
  const gamma = (p.dq * pdf) / (p.s * sd);
  const vega = (p.s * p.dq * pdf * sqrtT) / 100;
  if (p.call) {
    const nd1 = normCdf(d1);
    const nd2 = normCdf(d2);
    return {
      price: p.s * p.dq * nd1 - p.k * p.dr * nd2,
      delta: p.dq * nd1,
      gamma,
      theta: (decay - p.r * p.k * p.dr * nd2 + p.q * p.s * p.dq * nd1) / 365,
      vega,
      rho: (p.k * p.t * p.dr * nd2) / 100,
    };
  }
  const nmd1 = normCdf(-d1);
  const nmd2 = normCdf(-d2);
  return {
    price: p.k * p.dr * nmd2 - p.s * p.dq * nmd1,
    delta: -p.dq * nmd1,
    gamma,
    theta: (decay + p.r * p.k * p.dr * nmd2 - p.q * p.s * p.dq * nmd1) / 365,
    vega,
    rho: (-p.k * p.t * p.dr * nmd2) / 100,
  };
}

export interface IvOptions {
  /** Search bounds for σ; defaults 1e-4 and 5. */
  lo?: number;
  hi?: number;
  /** Stop when |price(σ) − target| ≤ tol · max(1, target); default 1e-12. */
  tol?: number;
  maxIter?: number;
}

/**
 * The volatility that reproduces `price`, or null when no σ in [lo, hi] does: prices at or outside
 * the no-arbitrage bounds (intrinsic value, spot or discounted strike) always give null.
 * Newton steps on vega, kept inside a bracket that shrinks every iteration, with bisection
 * whenever Newton would leave it (far out of the money vega is nearly zero and Newton diverges).
 */
export function impliedVol(input: Omit<BsInput, 'vol'> & { price: number }, opts?: IvOptions): number | null {
  const lo = opts?.lo ?? 1e-4;
  const hi = opts?.hi ?? 5;
  const tol = opts?.tol ?? 1e-12;
  const maxIter = opts?.maxIter ?? 100;
  const target = input.price;
  if (!Number.isFinite(target) || !(input.years > 0)) return null;
  const p = prepare({ ...input, vol: lo });
  const lower = Math.max(p.call ? p.s * p.dq - p.k * p.dr : p.k * p.dr - p.s * p.dq, 0);
  const upper = p.call ? p.s * p.dq : p.k * p.dr;
  if (target <= lower || target >= upper) return null;

  const at = (v: number): number => price({ ...p, v });
  const eps = tol * Math.max(1, target);
  const fLo = at(lo) - target;
  const fHi = at(hi) - target;
  if (fLo > eps || fHi < -eps) return null;
  if (Math.abs(fLo) <= eps) return lo;
  if (Math.abs(fHi) <= eps) return hi;

  let a = lo;
  let b = hi;
  // Manaster–Koehler start: the inflection point of price in σ, from which Newton is monotone.
  const fwd = (p.s * p.dq) / (p.k * p.dr);
  let v = Math.min(Math.max(Math.sqrt((2 * Math.abs(Math.log(fwd))) / p.t), 0.2), hi);
  for (let i = 0; i < maxIter; i++) {
    const f = at(v) - target;
    if (Math.abs(f) <= eps) return v;
    if (f < 0) a = v;
    else b = v;
    const sqrtT = Math.sqrt(p.t);
    const d1 = (Math.log(p.s / p.k) + (p.r - p.q + (v * v) / 2) * p.t) / (v * sqrtT);
    const vegaUnit = p.s * p.dq * normPdf(d1) * sqrtT;
    const next = vegaUnit > 0 ? v - f / vegaUnit : Number.NaN;
    v = next > a && next < b ? next : (a + b) / 2;
    if (b - a <= 1e-15 * b) return v;
  }
  return v;
}
