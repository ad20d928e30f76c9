import { hash32, mix32, Rng } from './prng';

// Bound once: under jest's vm sandbox each `Math.x` lookup is a slow global access.
const { abs, exp, imul, log, max, round, sqrt } = Math;

/** Per-symbol constants, drawn once from (seed, symbol). */
export interface SymbolParams {
  startPrice: number;
  /** Daily log drift. */
  drift: number;
  /** Long-run daily volatility the GARCH variance reverts to. */
  baseVol: number;
  alpha: number;
  beta: number;
  /** Typical shares per session. */
  baseVolume: number;
  /** Typical shares per trade, for tradeCount. */
  tradeSize: number;
}

export function symbolParams(seed: number, symbol: string): SymbolParams {
  const r = new Rng(hash32(seed, symbol, 'params'));
  const logUniform = (lo: number, hi: number) => exp(r.between(log(lo), log(hi)));
  const alpha = r.between(0.04, 0.1);
  return {
    startPrice: logUniform(10, 500),
    drift: r.between(-0.04, 0.1) / 252,
    baseVol: r.between(0.01, 0.03),
    alpha,
    beta: 0.96 - alpha, // persistence 0.96: clusters last weeks, as in real equities
    baseVolume: logUniform(3e5, 3e7),
    tradeSize: r.between(40, 200),
  };
}

/** Prices trade in cents, sub-dollar prices in 1/100 cent. */
export function roundPrice(p: number): number {
  return p >= 1 ? round(p * 100) / 100 : max(1e-4, round(p * 1e4) / 1e4);
}

// Pulls log price back toward the drift line (half-life ~1 year) so 30 years of path can't wander
// to fractions of a cent or to six figures.
const MEAN_REVERSION = 0.002;
// Share of a day's variance that happens overnight (the open-vs-previous-close gap).
export const OVERNIGHT_SHARE = 0.15;

/**
 * One symbol's daily open/close from SIM_EPOCH, extended lazily. Each day's shocks come from a
 * (seed, symbol, session index) stream, so the path never depends on how far it was extended before.
 */
export class DailyPath {
  readonly params: SymbolParams;
  private open = new Float64Array(0);
  private close = new Float64Array(0);
  private variance = new Float64Array(0);
  private volumeFactor = new Float64Array(0);
  private length = 0;
  private lastVar: number;
  private lastShock = 0;
  private readonly daySeed: number;

  constructor(
    private readonly seed: number,
    private readonly symbol: string,
  ) {
    this.params = symbolParams(seed, symbol);
    // Day i's stream is keyed by its session index (the calendar is fixed from SIM_EPOCH), which
    // spares hashing a date string per day when a path is first built.
    this.daySeed = hash32(seed, symbol, 'day');
    this.lastVar = this.params.baseVol ** 2;
  }

  day(index: number): { open: number; close: number; variance: number; volumeFactor: number } {
    this.extendTo(index);
    return {
      open: this.open[index]!,
      close: this.close[index]!,
      variance: this.variance[index]!,
      volumeFactor: this.volumeFactor[index]!,
    };
  }

  private grow(min: number): void {
    const cap = max(min, this.open.length * 2, 512);
    for (const key of ['open', 'close', 'variance', 'volumeFactor'] as const) {
      const next = new Float64Array(cap);
      next.set(this[key]);
      this[key] = next;
    }
  }

  private extendTo(index: number): void {
    if (index < this.length) return;
    if (index >= this.open.length) this.grow(index + 1);
    const { startPrice, drift, baseVol, alpha, beta } = this.params;
    const omega = baseVol ** 2 * (1 - alpha - beta);
    for (let i = this.length; i <= index; i++) {
      const r = new Rng(mix32(this.daySeed + imul(i + 1, 0x9e3779b9)));
      const v = i === 0 ? baseVol ** 2 : omega + alpha * this.lastShock ** 2 + beta * this.lastVar;
      const prevClose = i === 0 ? startPrice : this.close[i - 1]!;
      const target = log(startPrice) + drift * i;
      const mu = drift - MEAN_REVERSION * (log(prevClose) - target);
      const gap = sqrt(v * OVERNIGHT_SHARE) * r.normal();
      const body = sqrt(v * (1 - OVERNIGHT_SHARE)) * r.normal();
      const open = roundPrice(i === 0 ? startPrice : prevClose * exp(gap));
      const close = roundPrice(open * exp(mu - v / 2 + body));
      const shock = gap + body;
      this.open[i] = open;
      this.close[i] = close;
      this.variance[i] = v;
      // Volume rises on big-move days and has its own lognormal noise.
      this.volumeFactor[i] = exp(0.3 * r.normal() + 0.35 * (abs(shock) / sqrt(v) - 0.8));
      this.lastVar = v;
      this.lastShock = shock;
    }
    this.length = index + 1;
  }
}
