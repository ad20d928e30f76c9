import { randomUUID } from 'node:crypto';
import {
  ensureSymbols,
  quarantineBars,
  recordFetches,
  upsertSeriesBatch,
  type SymbolSeries,
  type FetchRecord,
  type QuarantineRecord,
} from '@marketfleet/db';
import { barStatusOf, type Bar, type Timeframe } from '@marketfleet/market';
import type { BarsResult } from '@marketfleet/providers';
import type { IngestDeps } from '../deps';
import { barsQuarantined, barsWritten, reasonKind } from '../metrics';

export interface IngestRequest {
  symbols: string[];
  timeframes: Timeframe[];
  from: Date;
  to: Date;
  jobId?: string;
}

export interface IngestOutcome {
  provider: string;
  requests: number;
  barsReceived: number;
  barsWritten: number;
  quarantined: number;
  rejectedSymbols: string[];
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 1000);

/**
 * Fetches bars, validates them (the provider quarantines bad ones), and writes bars,
 * quarantine and ledger in one transaction: a worker killed halfway leaves either
 * nothing or everything, and the retried job rewrites the same rows.
 */
export async function ingestBars(deps: IngestDeps, req: IngestRequest): Promise<IngestOutcome> {
  const { db, provider, clock } = deps;
  const fetchId = randomUUID();
  const startedAt = deps.now();
  const ids = await ensureSymbols(db, req.symbols);
  const ledgerBase = { fetchId, provider: provider.name, rangeStart: req.from, rangeEnd: req.to, jobId: req.jobId ?? null, startedAt };

  let result: BarsResult;
  try {
    result = await provider.fetchBars({ symbols: req.symbols, timeframes: req.timeframes, from: req.from, to: req.to });
  } catch (err) {
    const failed: FetchRecord[] = req.symbols.flatMap((symbol) =>
      req.timeframes.map((timeframe) => ({
        ...ledgerBase, symbolId: ids.get(symbol)!, timeframe, status: 'error' as const,
        requests: 0, barsReceived: 0, barsWritten: 0, barsQuarantined: 0, error: message(err),
      })),
    );
    await recordFetches(db, failed);
    throw err;
  }

  const fetchedAt = deps.now();
  const rejected = new Map((result.rejectedSymbols ?? []).map((r) => [r.symbol, r.reason]));
  const quarantined: QuarantineRecord[] = result.quarantined.map((q) => ({
    symbolId: ids.get(q.symbol)!, timeframe: q.timeframe, ts: q.ts, provider: result.provider,
    reason: q.reason, raw: q.raw, fetchId, jobId: req.jobId ?? null,
  }));
  const quarantinedBy = (symbol: string, tf: Timeframe) =>
    result.quarantined.filter((q) => q.symbol === symbol && q.timeframe === tf).length;

  let ledger: FetchRecord[] = [];
  await db.transaction(async (tx) => {
    // One statement per timeframe carries every symbol of the answer.
    const written = new Map<string, number>();
    for (const timeframe of new Set(result.series.map((x) => x.timeframe))) {
      const status = (b: Bar) => barStatusOf(clock, timeframe, b.ts, fetchedAt);
      const batch: SymbolSeries<Bar>[] = result.series
        .filter((x) => x.timeframe === timeframe)
        .map((x) => ({ symbolId: ids.get(x.symbol)!, bars: x.bars, status }));
      const counts = await upsertSeriesBatch(tx, { timeframe, provider: result.provider, fetchedAt }, batch);
      for (const [symbolId, n] of counts) written.set(`${symbolId}|${timeframe}`, n);
    }
    ledger = result.series.map((series) => {
      const symbolId = ids.get(series.symbol)!;
      const n = written.get(`${symbolId}|${series.timeframe}`) ?? 0;
      const reason = rejected.get(series.symbol);
      return {
        ...ledgerBase, symbolId, timeframe: series.timeframe,
        status: reason ? 'rejected' : series.bars.length > 0 ? 'ok' : 'empty',
        requests: result.requests, barsReceived: series.bars.length, barsWritten: n,
        barsQuarantined: quarantinedBy(series.symbol, series.timeframe), error: reason ?? null,
      };
    });
    await quarantineBars(tx, quarantined);
    await recordFetches(tx, ledger);
  });
  // Counted once committed.
  for (const l of ledger) barsWritten.inc({ timeframe: l.timeframe, provider: result.provider }, l.barsWritten);
  for (const q of result.quarantined) barsQuarantined.inc({ provider: result.provider, reason: reasonKind(q.reason) });
  return {
    provider: result.provider,
    requests: result.requests,
    barsReceived: ledger.reduce((n, l) => n + l.barsReceived, 0),
    barsWritten: ledger.reduce((n, l) => n + l.barsWritten, 0),
    quarantined: quarantined.length,
    rejectedSymbols: [...rejected.keys()],
  };
}
