import {
  barEndMs,
  barStartMs,
  countExpectedBars,
  expectedBarStarts,
  lastClosedBarMs,
  sessionAtMs,
} from './bar-grid';
import { SessionIndex, type ProviderCalendar, type SessionRecord } from './session-index';
import type { Timeframe } from './timeframes';
import { dayOf, instantMs, nyDayOfMs } from './timezone';

export type { CalendarDay, ProviderCalendar } from './session-index';

export interface Session {
  /** YYYY-MM-DD, the New York date. */
  date: string;
  open: Date;
  close: Date;
  earlyClose: boolean;
}

// Callers get fresh Dates: a shared cached Date mutated by one caller would corrupt every clock.
function toSession(rec: SessionRecord): Session {
  return { date: rec.date, open: new Date(rec.openMs), close: new Date(rec.closeMs), earlyClose: rec.earlyClose };
}

/**
 * NYSE regular sessions. With a provider calendar, only the listed days are sessions inside its
 * [from, to] window, at the listed times; outside the window (and without one) the rules apply.
 */
export class MarketClock {
  private readonly index: SessionIndex;

  constructor(opts?: { calendar?: ProviderCalendar }) {
    this.index = new SessionIndex(opts?.calendar);
  }

  /** The session on a New York date, or null when the market is closed that day. */
  session(date: string): Session | null {
    const rec = this.index.at(dayOf(date));
    return rec === undefined ? null : toSession(rec);
  }

  /** Sessions on New York dates fromDate..toDate inclusive, ascending. */
  sessionsBetween(fromDate: string, toDate: string): Session[] {
    const out: Session[] = [];
    this.index.forEach(dayOf(fromDate), dayOf(toDate), (rec) => out.push(toSession(rec)));
    return out;
  }

  /** Sessions with close > from && open < to, ascending. */
  sessionsOverlapping(from: Date, to: Date): Session[] {
    const f = instantMs(from);
    const t = instantMs(to);
    const out: Session[] = [];
    this.index.forEach(nyDayOfMs(f), nyDayOfMs(t), (rec) => {
      if (rec.closeMs > f && rec.openMs < t) out.push(toSession(rec));
    });
    return out;
  }

  /** The latest session strictly before `date`. */
  previousSession(date: string): Session {
    return toSession(this.index.prev(dayOf(date)));
  }

  /** The earliest session strictly after `date`. */
  nextSession(date: string): Session {
    return toSession(this.index.next(dayOf(date)));
  }

  /** The session with open <= at < close, or null. */
  sessionAt(at: Date): Session | null {
    const rec = sessionAtMs(this.index, instantMs(at));
    return rec === undefined ? null : toSession(rec);
  }

  isOpen(at: Date): boolean {
    return sessionAtMs(this.index, instantMs(at)) !== undefined;
  }

  /** The first session open strictly after `at`. */
  nextOpen(at: Date): Date {
    const t = instantMs(at);
    const day = nyDayOfMs(t);
    const today = this.index.at(day);
    return new Date(today !== undefined && today.openMs > t ? today.openMs : this.index.next(day).openMs);
  }

  /** While open (or before today's open), today's close; otherwise the next session's close. */
  nextClose(at: Date): Date {
    const t = instantMs(at);
    const day = nyDayOfMs(t);
    const today = this.index.at(day);
    return new Date(today !== undefined && today.closeMs > t ? today.closeMs : this.index.next(day).closeMs);
  }

  /** Start of the bar containing `at`; null outside sessions (a close instant is outside). */
  barStart(at: Date, tf: Timeframe): Date | null {
    const ms = barStartMs(this.index, instantMs(at), tf);
    return ms === null ? null : new Date(ms);
  }

  /**
   * End of the bar starting at `start`, clipped at the session close (w1: the close of the week's
   * last session). Throws RangeError when `start` is outside every session.
   */
  barEnd(start: Date, tf: Timeframe): Date {
    return new Date(barEndMs(this.index, instantMs(start), tf));
  }

  /** Starts of the expected bars with from <= start < to, ascending. */
  expectedBars(tf: Timeframe, from: Date, to: Date): Date[] {
    return expectedBarStarts(this.index, tf, instantMs(from), instantMs(to)).map((ms) => new Date(ms));
  }

  /** The length of expectedBars(tf, from, to), counted per session without building the bars. */
  countExpectedBars(tf: Timeframe, from: Date, to: Date): number {
    return countExpectedBars(this.index, tf, instantMs(from), instantMs(to));
  }

  /**
   * Start of the latest bar with end <= at. The search walks back session by session rather than a
   * fixed number of weeks, and sessions always exist outside a provider window, so it never
   * actually returns null.
   */
  lastClosedBar(tf: Timeframe, at: Date): Date | null {
    return new Date(lastClosedBarMs(this.index, tf, instantMs(at)));
  }
}

/** A rules-only clock. */
export const marketClock: MarketClock = new MarketClock();
