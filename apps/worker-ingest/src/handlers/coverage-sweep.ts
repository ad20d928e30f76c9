import { ensureSymbols, listWatchlist } from '@marketfleet/db';
import { backfillChunk, type coverageSweep, planBackfill, type Handler } from '@marketfleet/jobs';
import type { Timeframe } from '@marketfleet/market-clock';
import { findMissing } from '../coverage/find-missing';
import type { IngestDeps } from '../deps';

/**
 * Compares what is stored with what the market clock expects over each timeframe's
 * history depth and enqueues chunk jobs for what is missing. Running it again while
 * those chunks wait enqueues nothing new (their ids are deterministic).
 */
export const handleCoverageSweep =
  (deps: IngestDeps): Handler<typeof coverageSweep> =>
  async (p) => {
    const tickers = p.symbols ?? (await listWatchlist(deps.db)).map((s) => s.ticker);
    if (tickers.length === 0) return { status: 'skipped', detail: 'no symbols' };
    const now = deps.now();
    const missing = await findMissing(deps.db, deps.clock, await ensureSymbols(deps.db, tickers), deps.history, now);

    // Timeframes missing the same sessions for the same symbols travel in one request.
    const merged = new Map<string, { symbols: string[]; from: string; to: string; timeframes: Timeframe[] }>();
    for (const m of missing) {
      const symbols = [...m.symbols].sort();
      const key = `${m.from}|${m.to}|${symbols.join(',')}`;
      const entry = merged.get(key) ?? { symbols, from: m.from, to: m.to, timeframes: [] };
      entry.timeframes.push(m.timeframe);
      merged.set(key, entry);
    }
    const chunks = [...merged.values()].flatMap((range) => planBackfill(range, { clock: deps.clock, now }));
    let added = 0;
    for (const c of chunks) {
      const { duplicate } = await deps.producer.enqueue(
        backfillChunk,
        { symbols: c.symbols, timeframes: c.timeframes, from: c.from, to: c.to },
        { triggeredBy: 'coverage-sweep' },
      );
      if (!duplicate) added++;
    }
    if (chunks.length === 0) return { status: 'success', detail: `${tickers.length} symbols complete` };
    return { detail: `${chunks.length} chunks for ${missing.length} gaps, ${added} newly queued` };
  };
