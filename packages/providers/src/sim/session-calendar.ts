import { addDays, type MarketClock, type Session } from '@marketfleet/market';

/** The sim's history starts here; a GARCH path needs a fixed first day to be reproducible. */
export const SIM_EPOCH = '2000-01-03';

// Sessions are added a year at a time so a request far in the future costs one clock call per
// year crossed, not one per day.
const CHUNK_DAYS = 366;

/**
 * Session dates from SIM_EPOCH onwards with a dense index, shared by every symbol's daily path:
 * path step i is session i, so the path only depends on the calendar, never on what was asked.
 */
export class SessionCalendar {
  private readonly sessions: Session[] = [];
  private readonly indexByDate = new Map<string, number>();
  private coveredTo: string;

  constructor(private readonly clock: MarketClock) {
    this.coveredTo = addDays(SIM_EPOCH, -1);
  }

  /** Index of the session on `date`, or -1 when `date` is not a session (or before the epoch). */
  indexOf(date: string): number {
    if (date < SIM_EPOCH) return -1;
    this.cover(date);
    return this.indexByDate.get(date) ?? -1;
  }

  /** Index of the first session on or after `date`, or -1 when none comes within a month. */
  firstOnOrAfter(date: string): number {
    for (let k = 0; k <= 31; k++) {
      const index = this.indexOf(addDays(date, k));
      if (index >= 0) return index;
    }
    return -1;
  }

  at(index: number): Session {
    const s = this.sessions[index];
    if (s === undefined) throw new RangeError(`session index ${index} not covered yet`);
    return s;
  }

  private cover(date: string): void {
    while (this.coveredTo < date) {
      const from = addDays(this.coveredTo, 1);
      const to = addDays(this.coveredTo, CHUNK_DAYS);
      for (const s of this.clock.sessionsBetween(from, to)) {
        this.indexByDate.set(s.date, this.sessions.length);
        this.sessions.push(s);
      }
      this.coveredTo = to;
    }
  }
}
