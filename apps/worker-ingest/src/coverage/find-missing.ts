import { storedBarTimes, type Db } from '@marketfleet/db';
import { addDays, nyDate, type MarketClock, type Timeframe } from '@marketfleet/market-clock';
import { missingRuns, type DateRange } from './missing-ranges';

export interface MissingWork {
  timeframe: Timeframe;
  from: string;
  to: string;
  symbols: string[];
}

/**
 * For each timeframe, the completed bars the last `days` calendar days should hold and
 * which of them are not stored, as runs of sessions per symbol, grouped by identical run.
 */
export async function findMissing(
  db: Db,
  clock: MarketClock,
  symbols: ReadonlyMap<string, number>,
  history: Record<Timeframe, number>,
  now: Date,
): Promise<MissingWork[]> {
  if (symbols.size === 0) return [];
  const work = new Map<string, MissingWork>();
  const today = nyDate(now);
  for (const tf of Object.keys(history) as Timeframe[]) {
    const fromDate = addDays(today, -history[tf]);
    const sessions = clock.sessionsBetween(fromDate, today).filter((s) => s.open < now);
    if (sessions.length === 0) continue;
    const from = sessions[0]!.open;
    const expected = clock.expectedBars(tf, from, now).filter((ts) => clock.barEnd(ts, tf) <= now);
    const stored = await storedBarTimes(db, tf, [...symbols.values()], from);
    for (const [ticker, id] of symbols) {
      for (const run of missingRuns(clock, tf, sessions, expected, stored.get(id) ?? new Set())) {
        add(work, tf, run, ticker);
      }
    }
  }
  return [...work.values()];
}

function add(work: Map<string, MissingWork>, timeframe: Timeframe, run: DateRange, ticker: string) {
  const key = `${timeframe}|${run.from}|${run.to}`;
  const entry = work.get(key) ?? { timeframe, ...run, symbols: [] };
  entry.symbols.push(ticker);
  work.set(key, entry);
}
