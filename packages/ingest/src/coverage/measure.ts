import { alreadyAnswered, inProviderGaps, seriesHoldingAll, storedBarTimes, type Db } from '@marketfleet/db';
import { nyDate, type MarketClock, type Timeframe } from '@marketfleet/market';
import { missingRuns, type DateRange } from './missing-ranges';

/** How long after its start each timeframe's bar is surely final (its longest length plus settling time). */
const FINAL_AFTER_MS: Record<Timeframe, number> = {
  m15: 30 * 60_000,
  h1: 75 * 60_000,
  h4: 255 * 60_000,
  d1: 405 * 60_000,
  w1: 7 * 24 * 3600_000 + 15 * 60_000,
};

export interface Gap extends DateRange {
  missingBars: number;
}

export interface SeriesCoverage {
  symbol: string;
  symbolId: number;
  timeframe: Timeframe;
  /** Bars the calendar expects in the window that have closed by now. */
  expected: number;
  stored: number;
  /** Expected bars not stored, as runs of sessions. */
  gaps: Gap[];
  /** Of the missing bars, those the provider already answered without (left to repairs) or a recorded provider gap. */
  answeredMissing: number;
  /** The gaps still worth asking the provider for. */
  toFetch: DateRange[];
}

export interface MeasureRequest {
  symbols: ReadonlyMap<string, number>;
  /** Start of the window per timeframe (sessions opening from then); timeframes not listed are skipped. */
  windows: Partial<Record<Timeframe, Date>>;
  now: Date;
}

/**
 * Compares, per symbol × timeframe, the completed bars the market calendar expects in a
 * window with what is stored and with what the fetch ledger says was already asked.
 * Holidays and early closes are never gaps: only the calendar's bars are expected.
 */
export async function measureCoverage(db: Db, clock: MarketClock, req: MeasureRequest): Promise<SeriesCoverage[]> {
  const out: SeriesCoverage[] = [];
  for (const [tf, from] of Object.entries(req.windows) as Array<[Timeframe, Date]>) {
    const sessions = clock.sessionsBetween(nyDate(from), nyDate(req.now)).filter((s) => s.open >= from || s.close > from);
    if (sessions.length === 0) continue;
    const start = sessions[0]!.open;
    const expected = clock.expectedBars(tf, start, req.now).filter((ts) => clock.barEnd(ts, tf) <= req.now);
    // Complete series are found in the database; only the others' bar times are read and compared.
    const ids = [...req.symbols.values()];
    const complete = await seriesHoldingAll(db, tf, ids, expected.map((ts) => ts.getTime()));
    const stored = await storedBarTimes(db, tf, ids.filter((id) => !complete.has(id)), start);
    for (const [symbol, symbolId] of req.symbols) {
      const have = stored.get(symbolId) ?? new Set<number>();
      const missing = complete.has(symbolId) ? [] : expected.filter((ts) => !have.has(ts.getTime()));
      const starts = missing.map((d) => d.getTime());
      // Recorded provider gaps and ranges the provider already answered are not asked again.
      const answered = await alreadyAnswered(db, symbolId, tf, starts, FINAL_AFTER_MS[tf]);
      for (const ms of await inProviderGaps(db, symbolId, tf, starts)) answered.add(ms);
      // Nothing missing is no run: the walk over every session of the window is skipped.
      const gaps = (missing.length === 0 ? [] : missingRuns(clock, tf, sessions, missing, new Set())).map((run) => ({
        ...run,
        missingBars: missing.filter((ts) => inRun(ts, run, tf, clock)).length,
      }));
      const toFetchBars = missing.filter((ts) => !answered.has(ts.getTime()));
      out.push({
        symbol,
        symbolId,
        timeframe: tf,
        expected: expected.length,
        stored: expected.length - missing.length,
        gaps,
        answeredMissing: answered.size,
        toFetch: toFetchBars.length === 0 ? [] : missingRuns(clock, tf, sessions, toFetchBars, new Set()),
      });
    }
  }
  return out;
}

function inRun(ts: Date, run: DateRange, tf: Timeframe, clock: MarketClock): boolean {
  const day = nyDate(tf === 'w1' ? (clock.barStart(ts, 'w1') ?? ts) : ts);
  return day >= run.from && day <= run.to;
}
