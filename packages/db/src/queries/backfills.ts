import { desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { backfillChunks, backfills } from '../schema';

export type BackfillRecord = typeof backfills.$inferInsert;
export type Backfill = typeof backfills.$inferSelect;
export type BackfillChunkRecord = Omit<typeof backfillChunks.$inferInsert, 'backfillId'>;

/** Records a backfill and its chunks; recording the same backfill again adds only new chunks. */
export async function recordBackfill(db: Executor, backfill: BackfillRecord, chunks: readonly BackfillChunkRecord[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(backfills).values(backfill).onConflictDoNothing({ target: backfills.id });
    if (chunks.length > 0) {
      await tx.insert(backfillChunks).values(chunks.map((c) => ({ ...c, backfillId: backfill.id }))).onConflictDoNothing();
    }
    await tx.execute(sql`
      update backfills set
        total_chunks = (select count(*) from backfill_chunks where backfill_id = ${backfill.id}),
        expected_bars = (select coalesce(sum(expected_bars), 0) from backfill_chunks where backfill_id = ${backfill.id})
      where id = ${backfill.id}`);
  });
}

export interface BackfillProgress {
  backfill: Backfill;
  total: number;
  done: number;
  failed: number;
  running: number;
  queued: number;
  barsWritten: number;
  /** Finished chunks (done or failed) over all chunks. */
  percent: number;
  status: 'queued' | 'running' | 'done' | 'failed';
}

const progressQuery = (where: ReturnType<typeof sql>, limit: number) => sql`
  select b.id,
         count(c.job_id)::int as total,
         count(*) filter (where r.status in ('success', 'skipped'))::int as done,
         count(*) filter (where r.status = 'failed')::int as failed,
         count(*) filter (where r.status = 'running')::int as running,
         count(*) filter (where r.status = 'queued' or (c.job_id is not null and r.job_id is null))::int as queued,
         coalesce(sum(r.bars_written), 0)::int as bars_written
  from backfills b
  left join backfill_chunks c on c.backfill_id = b.id
  left join job_runs r on r.job_id = c.job_id
  ${where}
  group by b.id, b.created_at
  order by b.created_at desc
  limit ${limit}`;

type ProgressRow = {
  id: string;
  total: number;
  done: number;
  failed: number;
  running: number;
  queued: number;
  bars_written: number;
};

function toProgress(backfill: Backfill, r: ProgressRow): BackfillProgress {
  const finished = r.done + r.failed;
  const status = r.total > 0 && finished === r.total ? (r.failed > 0 ? 'failed' : 'done') : r.running > 0 || finished > 0 ? 'running' : 'queued';
  return {
    backfill,
    total: r.total,
    done: r.done,
    failed: r.failed,
    running: r.running,
    queued: r.queued,
    barsWritten: r.bars_written,
    percent: r.total === 0 ? 100 : Math.round((1000 * finished) / r.total) / 10,
    status: r.total === 0 ? 'done' : status,
  };
}

export async function backfillProgress(db: Executor, id: string): Promise<BackfillProgress | null> {
  const [backfill] = await db.select().from(backfills).where(eq(backfills.id, id));
  if (!backfill) return null;
  const [row] = await db.execute<ProgressRow>(progressQuery(sql`where b.id = ${id}`, 1));
  return toProgress(backfill, row!);
}

export async function listBackfills(db: Executor, limit = 20): Promise<BackfillProgress[]> {
  const recent = await db.select().from(backfills).orderBy(desc(backfills.createdAt)).limit(limit);
  if (recent.length === 0) return [];
  const rows = await db.execute<ProgressRow>(progressQuery(sql``, limit));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return recent.map((b) => toProgress(b, byId.get(b.id)!));
}

export interface BackfillChunkStatus {
  jobId: string;
  symbols: string[];
  timeframes: string[];
  rangeFrom: string;
  rangeTo: string;
  expectedBars: number;
  status: string;
  attempts: number;
  barsWritten: number;
  error: string | null;
}

export async function backfillChunkStatuses(db: Executor, id: string): Promise<BackfillChunkStatus[]> {
  const rows = await db.execute<{
    job_id: string; symbols: string[]; timeframes: string[]; range_from: string; range_to: string;
    expected_bars: number; status: string | null; attempts: number | null; bars_written: number | null; error: string | null;
  }>(sql`
    select c.job_id, c.symbols, c.timeframes, c.range_from::text, c.range_to::text, c.expected_bars,
           r.status, r.attempts, r.bars_written, r.error
    from backfill_chunks c left join job_runs r on r.job_id = c.job_id
    where c.backfill_id = ${id}
    order by c.range_from, c.job_id`);
  return rows.map((r) => ({
    jobId: r.job_id, symbols: r.symbols, timeframes: r.timeframes, rangeFrom: r.range_from, rangeTo: r.range_to,
    expectedBars: r.expected_bars, status: r.status ?? 'queued', attempts: r.attempts ?? 0,
    barsWritten: r.bars_written ?? 0, error: r.error,
  }));
}
