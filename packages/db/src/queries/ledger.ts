import type { Timeframe } from '@marketfleet/market-clock';
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
