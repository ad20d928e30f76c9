import { ensureSymbols, type Db } from '@marketfleet/db';
import { addDays, nyDate, nyWallTime, type MarketClock, type Timeframe } from '@marketfleet/market';
import { startBackfill, type BackfillRequest, type BackfillStarted } from '../backfill';
import { planBackfill } from '../planning/plan-backfill';
import type { Producer } from '@marketfleet/jobs';
import { measureCoverage, type SeriesCoverage } from './measure';

export interface CoverageContext {
  db: Db;
  clock: MarketClock;
  producer: Producer;
  now: Date;
}

export interface EnsureCoverageRequest {
  symbols: readonly string[];
  /** Calendar days of history wanted per timeframe (timeframes not listed are left alone). */
  days: Partial<Record<Timeframe, number>>;
  kind: BackfillRequest['kind'];
  priority: number;
  createdBy?: string;
}

export interface CoverageResult {
  coverage: SeriesCoverage[];
  /** Null when nothing needs fetching. */
  backfill: BackfillStarted | null;
}

/**
 * Brings symbols to full coverage: measures what is missing (stored and ledger against
 * the calendar), plans only those ranges into chunks that fill a provider page, grouping
 * symbols that miss the same sessions, and starts one tracked backfill for them. Running
 * it again while its chunks wait plans the same chunks and queues nothing new.
 */
export async function ensureCoverage(ctx: CoverageContext, req: EnsureCoverageRequest): Promise<CoverageResult> {
  const ids = await ensureSymbols(ctx.db, req.symbols);
  const today = nyDate(ctx.now);
  const windows: Partial<Record<Timeframe, Date>> = {};
  for (const [tf, days] of Object.entries(req.days) as Array<[Timeframe, number]>) {
    windows[tf] = nyWallTime(addDays(today, -days), '00:00');
  }
  const coverage = await measureCoverage(ctx.db, ctx.clock, { symbols: ids, windows, now: ctx.now });

  // Timeframes missing the same sessions for the same symbols travel in one request.
  const ranges = new Map<string, { symbols: Set<string>; from: string; to: string; timeframes: Set<Timeframe> }>();
  const bySymbolRange = new Map<string, Set<Timeframe>>();
  for (const c of coverage) {
    for (const gap of c.toFetch) {
      const key = `${c.symbol}|${gap.from}|${gap.to}`;
      bySymbolRange.set(key, (bySymbolRange.get(key) ?? new Set()).add(c.timeframe));
    }
  }
  for (const [key, tfs] of bySymbolRange) {
    const [symbol, from, to] = key.split('|') as [string, string, string];
    const rangeKey = `${from}|${to}|${[...tfs].sort().join(',')}`;
    const entry = ranges.get(rangeKey) ?? { symbols: new Set(), from, to, timeframes: tfs };
    entry.symbols.add(symbol);
    ranges.set(rangeKey, entry);
  }
  const chunks = [...ranges.values()].flatMap((r) =>
    planBackfill({ symbols: [...r.symbols], timeframes: [...r.timeframes], from: r.from, to: r.to }, { clock: ctx.clock, now: ctx.now }),
  );
  if (chunks.length === 0) return { coverage, backfill: null };
  const timeframes = Object.keys(req.days) as Timeframe[];
  const longest = Math.max(...Object.values(req.days).map((d) => d ?? 0));
  const backfill = await startBackfill(
    ctx.producer,
    ctx.db,
    {
      kind: req.kind, symbols: [...req.symbols], timeframes, from: addDays(today, -longest), to: today,
      priority: req.priority, createdBy: req.createdBy,
    },
    chunks,
  );
  return { coverage, backfill };
}
