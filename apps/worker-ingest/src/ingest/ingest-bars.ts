import { randomUUID } from 'node:crypto';
import {
  ensureSymbols,
  quarantineBars,
  recordFetches,
  upsertBars,
  type BarRow,
  type FetchRecord,
  type QuarantineRecord,
} from '@marketfleet/db';
import type { Timeframe } from '@marketfleet/market-clock';
import type { BarsResult } from '@marketfleet/providers';
import type { IngestDeps } from '../deps';
import { barsQuarantined, barsWritten, reasonKind } from '../metrics';
import { barStatusOf } from './bar-status';

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

  let written = 0;
  let received = 0;
  await db.transaction(async (tx) => {
    const ledger: FetchRecord[] = [];
    for (const series of result.series) {
      const symbolId = ids.get(series.symbol)!;
      const rows: BarRow[] = series.bars.map((b) => ({
        symbolId, timeframe: series.timeframe, ...b, provider: result.provider,
        status: barStatusOf(clock, series.timeframe, b.ts, fetchedAt), fetchedAt,
      }));
      const n = await upsertBars(tx, rows);
      written += n;
      received += rows.length;
      barsWritten.inc({ timeframe: series.timeframe, provider: result.provider }, n);
      const reason = rejected.get(series.symbol);
      ledger.push({
        ...ledgerBase, symbolId, timeframe: series.timeframe,
        status: reason ? 'rejected' : rows.length > 0 ? 'ok' : 'empty',
        requests: result.requests, barsReceived: rows.length, barsWritten: n,
        barsQuarantined: quarantinedBy(series.symbol, series.timeframe), error: reason ?? null,
      });
    }
    await quarantineBars(tx, quarantined);
    await recordFetches(tx, ledger);
  });
  for (const q of result.quarantined) barsQuarantined.inc({ provider: result.provider, reason: reasonKind(q.reason) });
  return {
    provider: result.provider,
    requests: result.requests,
    barsReceived: received,
    barsWritten: written,
    quarantined: quarantined.length,
    rejectedSymbols: [...rejected.keys()],
  };
}
