import type { Timeframe } from '@marketfleet/market-clock';
import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { fetchLedger } from '../schema';

export type FetchStatus = 'ok' | 'empty' | 'rejected' | 'error';

export interface FetchRecord {
  fetchId: string;
  provider: string;
  symbolId: number;
  timeframe: Timeframe;
  rangeStart: Date;
  rangeEnd: Date;
  status: FetchStatus;
  requests: number;
  barsReceived: number;
  barsWritten: number;
  barsQuarantined: number;
  error?: string | null;
  jobId?: string | null;
  startedAt: Date;
}

export async function recordFetches(db: Executor, records: readonly FetchRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.insert(fetchLedger).values(records.map((r) => ({ ...r, error: r.error ?? null, jobId: r.jobId ?? null })));
}

export type FetchLedgerRow = typeof fetchLedger.$inferSelect;

/** The newest ledger rows first, optionally of one symbol. */
export async function listFetches(db: Executor, opts: { symbolId?: number; limit?: number } = {}): Promise<FetchLedgerRow[]> {
  const q = db.select().from(fetchLedger);
  const filtered = opts.symbolId === undefined ? q : q.where(eq(fetchLedger.symbolId, opts.symbolId));
  return filtered.orderBy(desc(fetchLedger.id)).limit(opts.limit ?? 1000);
}
