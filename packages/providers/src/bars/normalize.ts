import { type Bar, type MarketClock, nyDate, nyWallTime, type Session, type Timeframe } from '@marketfleet/market';
import type { QuarantinedBar } from '../types';
import { aggregateBars } from './aggregate';

/** One raw provider bar turned into ours and validated, or why it can't be. */
export type ParsedBar = { ok: true; bar: Bar } | { ok: false; ts: Date | null; reason: string };

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
  /** The provider's raw-bar parser; it validates, so everything it accepts is storable. */
  parse(raw: unknown): ParsedBar;
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
 * A provider's 15- or 30-minute bars into our m15/h1/h4. Extended-hours bars are dropped and counted; a bar
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
    const parsed = src.parse(raw);
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
 * How a provider stamps daily bars: Alpaca and Polygon at New York midnight; Yahoo at the session
 * open, or at the last trade for a day still running, so any instant of that New York day.
 */
export type DailyStamp = 'midnight' | 'within-day';

/**
 * Daily bars re-keyed to their session's open; w1 is built from them. A daily bar on a date with
 * no session has nowhere to go and is quarantined.
 */
export function normalizeDaily(src: Source, stamp: DailyStamp = 'midnight'): Map<Timeframe, Bar[]> {
  const filedAs = src.wanted[0]!;
  const good: { bar: Bar; raw: unknown }[] = [];
  const poisoned: { ts: Date; reason: string }[] = [];
  // Entries carry the re-keyed time (the session open) when there is one, like the bars would.
  const quarantine = (ts: Date | null, raw: unknown, reason: string, sessionOpen?: Date) => {
    src.sink.quarantine({ symbol: src.symbol, timeframe: filedAs, ts: sessionOpen ?? ts, raw, reason });
    if (sessionOpen !== undefined) poisoned.push({ ts: sessionOpen, reason });
  };
  for (const raw of src.raws) {
    const parsed = src.parse(raw);
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
    if (stamp === 'midnight' && nyWallTime(date, '00:00').getTime() !== ts.getTime()) {
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
