import type { Bar, MarketClock, Timeframe } from '@marketfleet/market';

/**
 * Folds consecutive finer bars (ascending, non-empty) into one bar starting at `ts`. vwap is
 * volume-weighted and becomes null as soon as one input lacks it or nothing traded, because a
 * partial average would look precise while being wrong.
 */
export function combineBars(bars: readonly Bar[], ts: Date): Bar {
  const first = bars[0];
  const last = bars[bars.length - 1];
  if (first === undefined || last === undefined) throw new RangeError('combineBars needs at least one bar');
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  let pv = 0;
  let vwapKnown = true;
  let tradeCount: number | null = 0;
  for (const b of bars) {
    if (b.high > high) high = b.high;
    if (b.low < low) low = b.low;
    volume += b.volume;
    if (b.vwap === null) vwapKnown = false;
    else pv += b.vwap * b.volume;
    tradeCount = tradeCount === null || b.tradeCount === null ? null : tradeCount + b.tradeCount;
  }
  return {
    ts,
    open: first.open,
    high,
    low,
    close: last.close,
    volume,
    vwap: vwapKnown && volume > 0 ? pv / volume : null,
    tradeCount,
  };
}

/**
 * Groups session-aligned bars (ascending by ts) by `clock.barStart(ts, target)` and combines each
 * group. A bar outside every session has no target bar; callers filter those out first (and
 * count them), so meeting one here is a bug and throws rather than vanishing silently.
 */
export function aggregateBars(bars: readonly Bar[], target: Timeframe, clock: MarketClock): Bar[] {
  const out: Bar[] = [];
  let group: Bar[] = [];
  let groupStart = Number.NaN;
  let groupEnd = Number.NaN;
  for (const bar of bars) {
    const t = bar.ts.getTime();
    // Asking the clock once per group instead of once per bar: calendar maths dominated profiles.
    if (!(t >= groupStart && t < groupEnd)) {
      const start = clock.barStart(bar.ts, target);
      if (start === null) throw new RangeError(`bar at ${bar.ts.toISOString()} is outside every session`);
      if (group.length > 0) out.push(combineBars(group, new Date(groupStart)));
      group = [];
      groupStart = start.getTime();
      groupEnd = clock.barEnd(start, target).getTime();
    }
    group.push(bar);
  }
  if (group.length > 0) out.push(combineBars(group, new Date(groupStart)));
  return out;
}
