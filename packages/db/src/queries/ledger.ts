import type { Timeframe } from '@marketfleet/market';
import { desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { fetchLedger } from '../schema';
import { pgArray } from './pg-array';

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

/**
 * Of some missing bars (starts in epoch ms), those inside a range the provider already
 * answered (ok or empty) once the bar was final (`finalAfterMs` after its start):
 * asking again would only repeat that answer, so coverage leaves them to the quality
 * check's repairs.
 */
export async function alreadyAnswered(
  db: Executor,
  symbolId: number,
  timeframe: Timeframe,
  missing: readonly number[],
  finalAfterMs: number,
): Promise<Set<number>> {
  if (missing.length === 0) return new Set();
  const rows = await db.execute<{ ms: string }>(sql`
    select m.ms::text from unnest(${pgArray(missing)}::int8[]) as m(ms)
    where exists (
      select 1 from fetch_ledger l
      where l.symbol_id = ${symbolId} and l.timeframe = ${timeframe} and l.status in ('ok', 'empty')
        and l.range_start <= to_timestamp(m.ms / 1000.0) and l.range_end > to_timestamp(m.ms / 1000.0)
        and l.finished_at >= to_timestamp(m.ms / 1000.0) + make_interval(secs => ${finalAfterMs / 1000}))`);
  return new Set(rows.map((r) => Number(r.ms)));
}
