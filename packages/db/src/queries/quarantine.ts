import type { Timeframe } from '@marketfleet/market';
import { desc, eq, sql } from 'drizzle-orm';
import { quarantinedBars } from '../schema';
import type { Executor } from '../client';

export interface QuarantineRecord {
  symbolId: number;
  timeframe: Timeframe;
  ts: Date | null;
  provider: string;
  reason: string;
  raw: unknown;
  fetchId?: string | null;
  jobId?: string | null;
}

/** Keeps each bad bar once per reason; seeing it again only bumps its counter. */
export async function quarantineBars(db: Executor, records: readonly QuarantineRecord[]): Promise<void> {
  if (records.length === 0) return;
  const payload = JSON.stringify(
    records.map((r) => ({
      symbol_id: r.symbolId,
      timeframe: r.timeframe,
      ts: r.ts?.toISOString() ?? null,
      provider: r.provider,
      reason: r.reason,
      raw: r.raw ?? null,
      fetch_id: r.fetchId ?? null,
      job_id: r.jobId ?? null,
    })),
  );
  await db.execute(sql`
    insert into quarantined_bars as q (symbol_id, timeframe, ts, provider, reason, raw, fetch_id, job_id)
    select distinct on (symbol_id, timeframe, coalesce(ts, 'epoch'::timestamptz), provider, reason)
           symbol_id, timeframe, ts, provider, reason, raw, fetch_id, job_id
    from jsonb_to_recordset(${payload}::jsonb) as x(symbol_id int, timeframe timeframe, ts timestamptz,
         provider text, reason text, raw jsonb, fetch_id uuid, job_id text)
    on conflict (symbol_id, timeframe, (coalesce(ts, 'epoch'::timestamptz)), provider, reason) do update set
      raw = excluded.raw, fetch_id = excluded.fetch_id, job_id = excluded.job_id,
      last_seen_at = now(), times_seen = q.times_seen + 1`);
}

export type QuarantinedBarRow = typeof quarantinedBars.$inferSelect;

export async function listQuarantined(db: Executor, opts: { symbolId?: number; limit?: number } = {}): Promise<QuarantinedBarRow[]> {
  const q = db.select().from(quarantinedBars);
  const filtered = opts.symbolId === undefined ? q : q.where(eq(quarantinedBars.symbolId, opts.symbolId));
  return filtered.orderBy(desc(quarantinedBars.lastSeenAt)).limit(opts.limit ?? 1000);
}
