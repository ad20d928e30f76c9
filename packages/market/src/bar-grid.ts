// Bar alignment over a SessionIndex. Intraday bars are anchored at the session open (09:30, not
// the clock hour) and clipped at the close; d1 is the session; w1 spans the sessions of one
// Monday–Sunday New York week. All instants are UTC ms.
import type { SessionIndex, SessionRecord } from './session-index';
import { intradayStepMs, type Timeframe } from './timeframes';
import { nyDayOfMs, weekStartDay } from './timezone';

/** The session with open <= t < close. */
export function sessionAtMs(index: SessionIndex, t: number): SessionRecord | undefined {
  const rec = index.at(nyDayOfMs(t));
  return rec !== undefined && rec.openMs <= t && t < rec.closeMs ? rec : undefined;
}

function firstOfWeek(index: SessionIndex, rec: SessionRecord): SessionRecord {
  const monday = weekStartDay(rec.day);
  let first = rec;
  for (let p = index.prev(first.day); p.day >= monday; p = index.prev(first.day)) first = p;
  return first;
}

function lastOfWeek(index: SessionIndex, rec: SessionRecord): SessionRecord {
  const sunday = weekStartDay(rec.day) + 6;
  let last = rec;
  for (let n = index.next(last.day); n.day <= sunday; n = index.next(last.day)) last = n;
  return last;
}

/** Start of the last bar of a session. */
function lastBarOf(rec: SessionRecord, tf: Timeframe): number {
  if (tf === 'd1') return rec.openMs;
  const step = intradayStepMs(tf);
  return rec.openMs + Math.floor((rec.closeMs - rec.openMs - 1) / step) * step;
}

export function barStartMs(index: SessionIndex, t: number, tf: Timeframe): number | null {
  const rec = sessionAtMs(index, t);
  if (rec === undefined) return null;
  if (tf === 'd1') return rec.openMs;
  if (tf === 'w1') return firstOfWeek(index, rec).openMs;
  const step = intradayStepMs(tf);
  return rec.openMs + Math.floor((t - rec.openMs) / step) * step;
}

/**
 * End of the bar containing `start` (for an aligned start, the bar that starts there). An instant
 * outside every session has no bar; answering anyway would invent one, so it throws.
 */
export function barEndMs(index: SessionIndex, start: number, tf: Timeframe): number {
  const rec = sessionAtMs(index, start);
  if (rec === undefined) {
    throw new RangeError(`no ${tf} bar at ${new Date(start).toISOString()}: outside every session`);
  }
  if (tf === 'd1') return rec.closeMs;
  if (tf === 'w1') return lastOfWeek(index, rec).closeMs;
  const step = intradayStepMs(tf);
  return Math.min(rec.openMs + (Math.floor((start - rec.openMs) / step) + 1) * step, rec.closeMs);
}

/**
 * Visits the expected bars with from <= start < to. Intraday sessions are reported as a run
 * (first start, count, step) so counting never touches individual bars.
 */
function eachRun(
  index: SessionIndex,
  tf: Timeframe,
  from: number,
  to: number,
  run: (first: number, count: number, step: number) => void,
): void {
  if (!(from < to)) return;
  const fromDay = nyDayOfMs(from);
  const toDay = nyDayOfMs(to);
  if (tf === 'w1') {
    // Start the scan on the Monday so the first session seen in each week really is its first.
    let week = Number.NaN;
    index.forEach(weekStartDay(fromDay), toDay, (rec) => {
      const w = weekStartDay(rec.day);
      if (w === week) return;
      week = w;
      if (from <= rec.openMs && rec.openMs < to) run(rec.openMs, 1, 0);
    });
    return;
  }
  if (tf === 'd1') {
    index.forEach(fromDay, toDay, (rec) => {
      if (from <= rec.openMs && rec.openMs < to) run(rec.openMs, 1, 0);
    });
    return;
  }
  const step = intradayStepMs(tf);
  index.forEach(fromDay, toDay, (rec) => {
    const hi = Math.min(to, rec.closeMs);
    const first = Math.max(0, Math.ceil((from - rec.openMs) / step));
    const end = Math.ceil((hi - rec.openMs) / step);
    if (end > first) run(rec.openMs + first * step, end - first, step);
  });
}

export function expectedBarStarts(index: SessionIndex, tf: Timeframe, from: number, to: number): number[] {
  const out: number[] = [];
  eachRun(index, tf, from, to, (first, count, step) => {
    for (let k = 0; k < count; k++) out.push(first + k * step);
  });
  return out;
}

export function countExpectedBars(index: SessionIndex, tf: Timeframe, from: number, to: number): number {
  let total = 0;
  eachRun(index, tf, from, to, (_first, count) => {
    total += count;
  });
  return total;
}

/** Start of the latest bar whose end is <= t. */
export function lastClosedBarMs(index: SessionIndex, tf: Timeframe, t: number): number {
  const day = nyDayOfMs(t);
  const today = index.at(day);
  if (tf === 'w1') {
    let done = today !== undefined && today.closeMs <= t ? today : index.prev(day);
    // The week of the latest closed session is complete only if no session of it is still to come.
    if (index.next(done.day).day <= weekStartDay(done.day) + 6) done = index.prev(weekStartDay(done.day));
    return firstOfWeek(index, done).openMs;
  }
  if (today !== undefined && today.openMs < t) {
    if (today.closeMs <= t) return lastBarOf(today, tf);
    if (tf !== 'd1') {
      const step = intradayStepMs(tf);
      // Before the close, a bar that has already ended is not the clipped last one: it ends on a step.
      const k = Math.floor((t - today.openMs) / step) - 1;
      if (k >= 0) return today.openMs + k * step;
    }
  }
  return lastBarOf(index.prev(day), tf);
}
