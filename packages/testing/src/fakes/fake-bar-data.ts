import { type Bar, type MarketClock, nyWallTime, type Session } from '@marketfleet/market';
import { combineBars } from '@marketfleet/providers/sim';
import { hash32, Rng } from '@marketfleet/providers/sim';
import type { SimMarket } from '@marketfleet/providers/sim';
import type { ParsedTimeframe } from './fake-params';

// Bound once: under jest's vm sandbox each `Math.x` lookup is a slow global access.
const { exp, floor, max, min, round } = Math;

const MIN = 60_000;
const M15 = 15 * MIN;

/**
 * One symbol's bars in Alpaca's alignment, ascending: start times plus all bars' JSON as one
 * comma-joined string with offsets. Thousands of small cached strings (or Bar objects) per range
 * made GC the main cost of serving cold pages; one string per series also lets a page take a run
 * of bars with a single slice.
 */
export interface Series {
  ts: Float64Array;
  /** `bar0,bar1,…`; bar k is body.slice(offsets[k], offsets[k + 1] - 1). */
  body: string;
  offsets: Uint32Array;
}

export function seriesBar(s: Series, k: number): string {
  return s.body.slice(s.offsets[k]!, s.offsets[k + 1]! - 1);
}

/** Bars a..b-1 as `bar,bar,…`. */
export function seriesRun(s: Series, a: number, b: number): string {
  return s.body.slice(s.offsets[a]!, s.offsets[b]! - 1);
}

// Every symbol shares the same time grid, so formatted timestamps repeat; formatting them once
// was a third of the cost of serving a cold page.
const isoCache = new Map<number, string>();

function isoSeconds(ms: number): string {
  let s = isoCache.get(ms);
  if (s === undefined) {
    if (isoCache.size > 200_000) isoCache.clear();
    s = `${new Date(ms).toISOString().slice(0, 19)}Z`;
    isoCache.set(ms, s);
  }
  return s;
}

export function barJson(b: Bar, extra: string): string {
  const t = isoSeconds(b.ts.getTime());
  return `{"t":"${t}","o":${b.open},"h":${b.high},"l":${b.low},"c":${b.close},"v":${b.volume},"n":${b.tradeCount},"vw":${b.vwap}${extra}}`;
}

function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function mondayOf(date: string): string {
  const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
  return shiftDate(date, -((dow + 6) % 7));
}

function monthBucket(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = floor((Number(date.slice(5, 7)) - 1) / months) * months + 1;
  return `${y}-${m < 10 ? '0' : ''}${m}-01`;
}

/**
 * A few thin pre-market (04:00–open) and after-hours (close–20:00) 15-minute bars on about a
 * third of the days, so clients have extended hours to filter. Most slots have no trades and no bar.
 */
function extendedBars(seed: number, symbol: string, s: Session, regular: Bar[]): Bar[] {
  const r = new Rng(hash32(seed, symbol, s.date, 'ext'));
  const first = regular[0];
  const last = regular[regular.length - 1];
  if (first === undefined || last === undefined || r.next() > 0.35) return [];
  const out: Bar[] = [];
  const windows: [number, number, number][] = [
    [nyWallTime(s.date, '04:00').getTime(), s.open.getTime(), first.open],
    [s.close.getTime(), nyWallTime(s.date, '20:00').getTime(), last.close],
  ];
  const cents = (p: number) => round(p * 100) / 100;
  for (const [from, to, ref] of windows) {
    const slots = floor((to - from) / M15);
    const picked = new Set<number>();
    const count = 1 + floor(r.next() * 3);
    for (let i = 0; i < count; i++) picked.add(floor(r.next() * slots));
    for (const slot of [...picked].sort((a, b) => a - b)) {
      const o = cents(ref * exp(0.003 * r.normal()));
      const c = cents(o * exp(0.002 * r.normal()));
      const h = cents(max(o, c) * (1 + 0.001 * r.next()));
      const l = cents(min(o, c) * (1 - 0.001 * r.next()));
      const v = 100 + floor(r.next() * 2900);
      out.push({ ts: new Date(from + slot * M15), open: o, high: h, low: l, close: c, volume: v, vwap: cents((h + l) / 2), tradeCount: 1 + floor(v / 150) });
    }
  }
  return out;
}

/**
 * Serves sim data the way Alpaca aligns it: minute and hour bars on the New York clock grid
 * (so 1Hour starts at 09:00, 4Hour at 08:00/12:00/16:00), days at New York midnight, weeks at
 * Monday's midnight, months at the 1st. Day and coarser bars hold regular hours only, so they
 * equal the sim's d1/w1 [a simplification: real daily bars may include extended hours].
 */
export class FakeBarData {
  private readonly cache = new Map<string, Series>();
  private cachedChars = 0;

  constructor(
    private readonly market: SimMarket,
    private readonly clock: MarketClock,
    private readonly seed: number,
    /** Bound on cached JSON (one byte per char: it is ASCII); least recently used goes first. */
    private readonly maxCacheChars = 128 * 2 ** 20,
  ) {}

  series(symbol: string, tf: ParsedTimeframe, startMs: number, endMs: number, o: { extendedHours: boolean; nowMs: number; extraField: string }): Series {
    // Bars end on 15-minute boundaries, so `now` only matters at that resolution.
    const horizon = floor(min(endMs + 1, o.nowMs) / M15) * M15;
    const key = `${symbol}|${tf.key}|${startMs}|${endMs}|${o.extendedHours}|${horizon}|${o.extraField}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const bars = this.build(symbol, tf, startMs, endMs, o.extendedHours, o.nowMs).filter(
      (b) => b.ts.getTime() >= startMs && b.ts.getTime() <= endMs,
    );
    const ts = new Float64Array(bars.length);
    const offsets = new Uint32Array(bars.length + 1);
    const parts: string[] = new Array(bars.length);
    let at = 0;
    for (let k = 0; k < bars.length; k++) {
      ts[k] = bars[k]!.ts.getTime();
      parts[k] = barJson(bars[k]!, o.extraField);
      offsets[k] = at;
      at += parts[k]!.length + 1;
    }
    offsets[bars.length] = at;
    const series: Series = { ts, body: parts.join(','), offsets };
    this.cachedChars += series.body.length;
    this.cache.set(key, series);
    for (const [k, old] of this.cache) {
      if (this.cachedChars <= this.maxCacheChars || k === key) break;
      this.cache.delete(k);
      this.cachedChars -= old.body.length;
    }
    return series;
  }

  /** The same bars as objects, uncached, for fakes whose wire format is not Alpaca's. */
  bars(symbol: string, tf: ParsedTimeframe, startMs: number, endMs: number, o: { extendedHours: boolean; nowMs: number }): Bar[] {
    return this.build(symbol, tf, startMs, endMs, o.extendedHours, o.nowMs).filter((b) => b.ts.getTime() >= startMs && b.ts.getTime() <= endMs);
  }

  private build(symbol: string, tf: ParsedTimeframe, startMs: number, endMs: number, ext: boolean, nowMs: number): Bar[] {
    let fromDate = new Date(startMs).toISOString().slice(0, 10);
    let toDate = new Date(endMs).toISOString().slice(0, 10);
    // UTC dates may be a day off New York's; one day of margin either side is filtered out later.
    fromDate = shiftDate(fromDate, -1);
    toDate = shiftDate(toDate, 1);
    if (tf.unit === 'Week') fromDate = mondayOf(fromDate);
    if (tf.unit === 'Month') fromDate = monthBucket(fromDate, tf.amount);
    if (tf.unit === 'Week' || tf.unit === 'Month') toDate = shiftDate(toDate, tf.unit === 'Week' ? 7 : 31 * tf.amount);
    const sessions = this.clock.sessionsBetween(fromDate, toDate);
    if (tf.unit === 'Min' || tf.unit === 'Hour') return this.intraday(symbol, sessions, tf, ext, nowMs);
    const daily: Bar[] = [];
    for (const s of sessions) {
      const bar = this.daily(symbol, s, nowMs);
      if (bar === null) continue;
      const bucket = tf.unit === 'Day' ? s.date : tf.unit === 'Week' ? mondayOf(s.date) : monthBucket(s.date, tf.amount);
      daily.push({ ...bar, ts: nyWallTime(bucket, '00:00') });
    }
    return tf.unit === 'Day' ? daily : group(daily, (b) => b.ts.getTime());
  }

  private daily(symbol: string, s: Session, nowMs: number): Bar | null {
    if (s.close.getTime() <= nowMs) return this.market.dailyBar(symbol, s);
    const done = this.market.m15Bars(symbol, s).filter((b) => b.ts.getTime() + M15 <= nowMs);
    return done.length === 0 ? null : combineBars(done, s.open);
  }

  private intraday(symbol: string, sessions: Session[], tf: ParsedTimeframe, ext: boolean, nowMs: number): Bar[] {
    const stepMs = tf.amount * (tf.unit === 'Hour' ? 60 : 1) * MIN;
    const out: Bar[] = [];
    for (const s of sessions) {
      const regular = this.market.m15Bars(symbol, s);
      let base = regular;
      if (ext) {
        const extra = extendedBars(this.seed, symbol, s, regular);
        if (extra.length > 0) base = [...regular, ...extra].sort((a, b) => a.ts.getTime() - b.ts.getTime());
      }
      base = base.filter((b) => b.ts.getTime() + M15 <= nowMs);
      if (stepMs === M15) {
        out.push(...base);
        continue;
      }
      const midnight = nyWallTime(s.date, '00:00').getTime();
      out.push(...group(base, (b) => midnight + floor((b.ts.getTime() - midnight) / stepMs) * stepMs));
    }
    return out;
  }
}

/** Combines runs of consecutive bars sharing a bucket start. */
function group(bars: Bar[], bucketOf: (b: Bar) => number): Bar[] {
  const out: Bar[] = [];
  let run: Bar[] = [];
  let at = Number.NaN;
  for (const b of bars) {
    const k = bucketOf(b);
    if (k !== at && run.length > 0) {
      out.push(combineBars(run, new Date(at)));
      run = [];
    }
    at = k;
    run.push(b);
  }
  if (run.length > 0) out.push(combineBars(run, new Date(at)));
  return out;
}
