// Bar builders for the tests: check bars for the quality checks, stored rows for everything that reads the database.
import { marketClock, type Timeframe } from '@marketfleet/market';
import type { BarRow, CheckedBarRow as CheckBar } from '@marketfleet/db';

export const at = (iso: string) => new Date(iso);

/** A bar that passes every OHLC rule, closing at `close`. */
export function bar(ts: Date | string, over: Partial<CheckBar> = {}): CheckBar {
  const close = over.close ?? 100;
  return { ts: typeof ts === 'string' ? new Date(ts) : ts, open: close, high: close + 1, low: close - 1, close, volume: 1000, status: 'verified', ...over };
}

/** Every bar the clock expects with from <= start < to. */
export function fullSeries(tf: Timeframe, from: string, to: string): CheckBar[] {
  return marketClock.expectedBars(tf, new Date(from), new Date(to)).map((ts) => bar(ts));
}

/** Deterministic pseudo-random normal draws (LCG + Box–Muller), so the tables never flake. */
export function normals(n: number, seed = 1): number[] {
  let s = seed >>> 0;
  const uniform = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
}

/** A price path on the given bar starts with log returns of `sigma` × a normal draw, from 100. */
export function randomWalk(starts: readonly Date[], sigma: number, seed = 1): CheckBar[] {
  const z = normals(starts.length, seed);
  let close = 100;
  return starts.map((ts, i) => {
    const open = close;
    close = open * Math.exp(sigma * z[i]!);
    return bar(ts, { open, close, high: Math.max(open, close) * 1.001, low: Math.min(open, close) * 0.999 });
  });
}

/** A stored row for each bar start, with closes from `closeAt` (a gentle wave by default) and sound OHLC around them. */
export function storedBars(
  symbolId: number,
  timeframe: Timeframe,
  starts: readonly Date[],
  closeAt: (i: number) => number = (i) => 100 + 5 * Math.sin(i / 6),
): BarRow[] {
  // One fetch time for the lot: rows are written in one statement per fetch.
  const fetchedAt = new Date((starts.at(-1)?.getTime() ?? 0) + 86_400_000);
  return starts.map((ts, i) => {
    const close = closeAt(i);
    const open = i > 0 ? closeAt(i - 1) : close;
    return {
      symbolId, timeframe, ts, open, close,
      high: Math.max(open, close) * 1.002,
      low: Math.min(open, close) / 1.002,
      volume: 1000 + 37 * (i % 11),
      vwap: null, tradeCount: null, provider: 'test', status: 'verified' as const, fetchedAt,
    };
  });
}

/** Closes of a path whose log returns follow r_t = φ·r_{t−1} + σ·ε_t from 100 (φ = 0: a random walk). */
export function ar1Closes(n: number, phi: number, seed: number, sigma = 0.01): number[] {
  const z = normals(n, seed);
  const out: number[] = [];
  let close = 100;
  let r = 0;
  for (let i = 0; i < n; i++) {
    r = phi * r + sigma * z[i]!;
    close *= Math.exp(r);
    out.push(close);
  }
  return out;
}
