import { nyDate, nyWallTime, type MarketClock, type Session, type Timeframe } from '@marketfleet/market-clock';
import { aggregateBars } from '../bars/aggregate';
import type { Bar, QuarantinedBar } from '../types';
import { toBar } from './parse';

export interface NormalizeSink {
  quarantine(q: QuarantinedBar): void;
  dropOutsideSession(): void;
}

// Quarantine entries for raw bars are filed under the finest requested timeframe the source feeds;
// aggregates withheld because of them get their own entries under their own timeframe.
export interface Source {
  symbol: string;
  raws: readonly unknown[];
  /** Requested timeframes this source feeds, finest first. */
  wanted: readonly Timeframe[];
  clock: MarketClock;
  sink: NormalizeSink;
}

/** Sorts by ts and quarantines repeats: a duplicated bar would be double-counted in aggregates. */
function dedupe(src: Source, bars: { bar: Bar; raw: unknown }[], filedAs: Timeframe): Bar[] {
  bars.sort((a, b) => a.bar.ts.getTime() - b.bar.ts.getTime());
  const out: Bar[] = [];
  let last = Number.NaN;
  for (const { bar, raw } of bars) {
    if (bar.ts.getTime() === last) {
      src.sink.quarantine({ symbol: src.symbol, timeframe: filedAs, ts: bar.ts, raw, reason: 'duplicate timestamp' });
      continue;
    }
    last = bar.ts.getTime();
    out.push(bar);
  }
  return out;
}

/**
 * Builds every wanted timeframe from `base` (`baseTf` null: a source grid we don't store, 30Min). An aggregate that would have
 * included a quarantined input is withheld and quarantined too: storing it would silently
 * understate the bar, while leaving it out lets gap detection repair it.
 */
function buildWanted(
  src: Source,
  base: Bar[],
  baseTf: Timeframe | null,
  poisoned: { ts: Date; reason: string }[],
): Map<Timeframe, Bar[]> {
  const out = new Map<Timeframe, Bar[]>();
  for (const tf of src.wanted) {
    if (tf === baseTf) {
      out.set(tf, base);
      continue;
    }
    const bad = new Map<number, string>();
    for (const p of poisoned) {
      const start = src.clock.barStart(p.ts, tf);
      if (start !== null && !bad.has(start.getTime())) bad.set(start.getTime(), p.reason);
    }
    const bars: Bar[] = [];
    for (const bar of aggregateBars(base, tf, src.clock)) {
      if (!bad.has(bar.ts.getTime())) bars.push(bar);
    }
    for (const [ms, reason] of bad) {
      src.sink.quarantine({
        symbol: src.symbol,
        timeframe: tf,
        ts: new Date(ms),
        raw: null,
        reason: `an input bar was quarantined: ${reason}`,
      });
    }
    out.set(tf, bars);
  }
  return out;
}

/**
 * Alpaca 15Min/30Min bars into our m15/h1/h4. Extended-hours bars are dropped and counted; a bar
 * inside the session but off the 09:30-anchored grid can't be placed, so it is quarantined.
 */
export function normalizeIntraday(src: Source, sourceMinutes: 15 | 30): Map<Timeframe, Bar[]> {
  const filedAs = src.wanted[0]!;
  const stepMs = sourceMinutes * 60_000;
  const good: { bar: Bar; raw: unknown }[] = [];
  const poisoned: { ts: Date; reason: string }[] = [];
  const quarantine = (ts: Date | null, raw: unknown, reason: string) => {
    src.sink.quarantine({ symbol: src.symbol, timeframe: filedAs, ts, raw, reason });
    if (ts !== null) poisoned.push({ ts, reason });
  };
  let last: Session | null = null;
  const sessionAt = (ts: Date): Session | null => {
    // Bars come in time order, so the previous bar's session usually answers without the clock.
    const t = ts.getTime();
    if (last !== null && t >= last.open.getTime() && t < last.close.getTime()) return last;
    const s = src.clock.sessionAt(ts);
    if (s !== null) last = s;
    return s;
  };
  for (const raw of src.raws) {
    const parsed = toBar(raw);
    const ts = parsed.ok ? parsed.bar.ts : parsed.ts;
    const session = ts === null ? null : sessionAt(ts);
    if (ts !== null && session === null) {
      src.sink.dropOutsideSession();
      continue;
    }
    if (!parsed.ok) {
      quarantine(ts, raw, parsed.reason);
      continue;
    }
    if ((ts!.getTime() - session!.open.getTime()) % stepMs !== 0) {
      quarantine(ts, raw, `misaligned: not on the ${sourceMinutes}-minute grid from the session open`);
      continue;
    }
    good.push({ bar: parsed.bar, raw });
  }
  const base = dedupe(src, good, filedAs);
  return buildWanted(src, base, sourceMinutes === 15 ? 'm15' : null, poisoned);
}

/**
 * Alpaca 1Day bars, stamped at New York midnight, re-keyed to their session's open; w1 is built
 * from them. A daily bar on a date with no session has nowhere to go and is quarantined.
 */
export function normalizeDaily(src: Source): Map<Timeframe, Bar[]> {
  const filedAs = src.wanted[0]!;
  const good: { bar: Bar; raw: unknown }[] = [];
  const poisoned: { ts: Date; reason: string }[] = [];
  // Entries carry the re-keyed time (the session open) when there is one, like the bars would.
  const quarantine = (ts: Date | null, raw: unknown, reason: string, sessionOpen?: Date) => {
    src.sink.quarantine({ symbol: src.symbol, timeframe: filedAs, ts: sessionOpen ?? ts, raw, reason });
    if (sessionOpen !== undefined) poisoned.push({ ts: sessionOpen, reason });
  };
  for (const raw of src.raws) {
    const parsed = toBar(raw);
    const ts = parsed.ok ? parsed.bar.ts : parsed.ts;
    if (ts === null) {
      quarantine(null, raw, parsed.ok ? 'invalid timestamp' : parsed.reason);
      continue;
    }
    const date = nyDate(ts);
    const session = src.clock.session(date);
    if (!parsed.ok) {
      quarantine(ts, raw, parsed.reason, session?.open);
      continue;
    }
    if (nyWallTime(date, '00:00').getTime() !== ts.getTime()) {
      quarantine(ts, raw, 'misaligned: daily bar not at New York midnight', session?.open);
      continue;
    }
    if (session === null) {
      quarantine(ts, raw, `daily bar on ${date}, which is not a trading session`);
      continue;
    }
    good.push({ bar: { ...parsed.bar, ts: session.open }, raw });
  }
  const base = dedupe(src, good, filedAs);
  return buildWanted(src, base, 'd1', poisoned);
}
