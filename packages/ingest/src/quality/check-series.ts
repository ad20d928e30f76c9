import { addDays, nyDate, nyWallTime, weekday, type MarketClock, type Timeframe } from '@marketfleet/market';
import { checkOhlc, checkPlacement, sessionDateOf } from './bar-checks';
import { explainNothing, type ExplainJump, type QualityConfig } from './config';
import { checkGaps } from './gap-check';
import { checkPriceJumps } from './price-jumps';
import { checkStale } from './stale-check';
import type { Finding, SeriesInput } from './types';

export interface SeriesResult {
  findings: Finding[];
  /** Missing bars inside recorded provider gaps. */
  knownMissing: number;
}

/** Every check over one symbol × timeframe: gaps, placement, OHLC rules, price jumps, staleness. */
export function checkSeries(
  clock: MarketClock,
  input: SeriesInput,
  cfg: QualityConfig,
  explain: ExplainJump = explainNothing,
): SeriesResult {
  const tf = input.timeframe;
  const inWindow = input.bars.filter((b) => {
    const date = sessionDateOf(clock, tf, b.ts);
    return date >= input.fromDate && date <= input.toDate;
  });
  const gaps = checkGaps(clock, input, cfg.gapGraceMinutes);
  const stale = checkStale(clock, input, cfg.slaMinutes[tf]);
  return {
    findings: [
      ...gaps.findings,
      ...checkPlacement(clock, tf, inWindow),
      ...checkOhlc(clock, tf, inWindow),
      ...checkPriceJumps(clock, input, cfg.jump, explain),
      ...(stale ? [stale] : []),
    ],
    knownMissing: gaps.knownMissing,
  };
}

export interface CheckWindow {
  /** Inclusive New York dates checked. */
  fromDate: string;
  toDate: string;
  /** Bars are read from here: the window, and the history the jump statistics need before it. */
  readFrom: Date;
}

const mondayOf = (date: string) => addDays(date, -((weekday(date) + 6) % 7));

/**
 * The last `sessions` sessions that have opened by `now`. A w1 bar only exists once its
 * week is over, so w1 reaches back to the start of the previous week as well.
 */
export function checkWindow(
  clock: MarketClock,
  tf: Timeframe,
  now: Date,
  sessions: number,
  historyReturns: number,
): CheckWindow | null {
  const today = nyDate(now);
  // Twice the sessions in calendar days, plus the longest closure on record, always holds enough.
  const opened = clock.sessionsBetween(addDays(today, -(sessions * 2 + 14)), today).filter((s) => s.open < now);
  const window = opened.slice(-sessions);
  const first = window[0];
  if (!first) return null;
  const fromDate = tf === 'w1' ? mondayOf(addDays(first.date, -7)) : first.date;
  const back = historyReturns + 1;
  const historyDate =
    tf === 'w1'
      ? addDays(fromDate, -7 * back)
      : (clock.sessionsBetween(addDays(fromDate, -(back * 2 + 14)), addDays(fromDate, -1)).slice(-back)[0]?.date ?? fromDate);
  // Up to today, not the last session: a bar stored on a weekend day since is checked too.
  return { fromDate, toDate: today, readFrom: nyWallTime(historyDate, '00:00') };
}
