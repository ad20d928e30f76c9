import type { TimeRange } from '@marketfleet/db';
import type { MarketClock, Timeframe } from '@marketfleet/market';
import { sessionDateOf } from './bar-checks';
import { MAX_EXAMPLES, type CheckBar, type Finding, type MissingRange } from './types';

export interface GapInput {
  timeframe: Timeframe;
  fromDate: string;
  toDate: string;
  now: Date;
  bars: readonly CheckBar[];
  providerGaps?: readonly TimeRange[];
}

export interface GapResult {
  findings: Finding[];
  /** Missing bars inside recorded provider gaps: known, so neither findings nor repairs. */
  knownMissing: number;
}

const inside = (ranges: readonly TimeRange[], ms: number) => ranges.some((r) => r.from.getTime() <= ms && ms < r.to.getTime());

/**
 * The bars the market clock expects in the checked sessions that are not stored, per
 * session, as ranges. Only the clock's bars are expected, so holidays and early closes are
 * never gaps; a bar still forming (or closed less than `graceMinutes` ago, before the
 * scheduled fetch could store it) is not expected yet.
 */
export function checkGaps(clock: MarketClock, input: GapInput, graceMinutes: number): GapResult {
  const { timeframe: tf } = input;
  const sessions = clock.sessionsBetween(input.fromDate, input.toDate);
  const first = sessions[0];
  const last = sessions[sessions.length - 1];
  if (!first || !last) return { findings: [], knownMissing: 0 };
  const cutoff = input.now.getTime() - graceMinutes * 60_000;
  const end = new Date(Math.min(last.close.getTime(), cutoff));
  const expected = clock.expectedBars(tf, first.open, end).filter((ts) => clock.barEnd(ts, tf).getTime() <= cutoff);
  const stored = new Set(input.bars.map((b) => b.ts.getTime()));
  const known = input.providerGaps ?? [];

  let knownMissing = 0;
  const perSession = new Map<string, { expected: number; missing: number; ranges: MissingRange[]; open: boolean }>();
  for (const ts of expected) {
    const date = sessionDateOf(clock, tf, ts);
    let s = perSession.get(date);
    if (!s) perSession.set(date, (s = { expected: 0, missing: 0, ranges: [], open: false }));
    s.expected++;
    const ms = ts.getTime();
    if (stored.has(ms) || inside(known, ms)) {
      if (!stored.has(ms)) knownMissing++;
      s.open = false;
      continue;
    }
    s.missing++;
    const barEnd = clock.barEnd(ts, tf).toISOString();
    const run = s.ranges[s.ranges.length - 1];
    if (s.open && run) {
      run.to = barEnd;
      run.bars++;
    } else {
      s.ranges.push({ from: ts.toISOString(), to: barEnd, bars: 1 });
      s.open = true;
    }
  }
  const findings: Finding[] = [];
  for (const [sessionDate, s] of perSession) {
    if (s.missing === 0) continue;
    findings.push({
      kind: 'gap',
      sessionDate,
      detail: { expected: s.expected, missing: s.missing, ranges: s.ranges.slice(0, MAX_EXAMPLES) },
    });
  }
  return { findings, knownMissing };
}
