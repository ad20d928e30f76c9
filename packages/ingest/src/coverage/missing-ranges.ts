import type { MarketClock, Session, Timeframe } from '@marketfleet/market';
import { nyDate } from '@marketfleet/market';

export interface DateRange {
  from: string;
  to: string;
}

/**
 * Turns the bars a range should have (per the market clock) and the ones stored into
 * runs of sessions with something missing. Two missing sessions with a complete one
 * between them are two runs; holidays and weekends never break or make a run.
 */
export function missingRuns(
  clock: MarketClock,
  tf: Timeframe,
  sessions: Session[],
  expected: Date[],
  stored: ReadonlySet<number>,
): DateRange[] {
  const incomplete = new Set<string>();
  for (const ts of expected) {
    if (!stored.has(ts.getTime())) incomplete.add(tf === 'w1' ? weekOf(clock, ts) : nyDate(ts));
  }
  const runs: DateRange[] = [];
  let run: DateRange | null = null;
  for (const s of sessions) {
    const missing = tf === 'w1' ? incomplete.has(weekOf(clock, s.open)) : incomplete.has(s.date);
    if (missing) {
      if (run) run.to = s.date;
      else run = { from: s.date, to: s.date };
    } else if (run) {
      runs.push(run);
      run = null;
    }
  }
  if (run) runs.push(run);
  return runs;
}

/** A w1 bar stands for its whole week; its key is the week's first session. */
function weekOf(clock: MarketClock, at: Date): string {
  return nyDate(clock.barStart(at, 'w1') ?? at);
}
