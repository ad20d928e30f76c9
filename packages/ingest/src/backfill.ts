import { createHash } from 'node:crypto';
import { recordBackfill, type Executor } from '@marketfleet/db';
import type { Timeframe } from '@marketfleet/market';
import { backfillChunk, type Producer } from '@marketfleet/jobs';
import type { ChunkPlan } from './planning/plan-backfill';

/** BullMQ runs lower numbers first; jobs without a priority (the scheduled updates) before all. */
export const Priority = {
  /** A symbol just added: the user is waiting for its history. */
  Deep: 1,
  Manual: 5,
  Routine: 10,
} as const;

export interface BackfillRequest {
  kind: 'deep' | 'nightly' | 'manual' | 'repair' | 'refresh';
  symbols: readonly string[];
  timeframes: readonly Timeframe[];
  /** Inclusive New York dates. */
  from: string;
  to: string;
  priority: number;
  createdBy?: string;
}

export interface BackfillStarted {
  id: string;
  chunks: number;
  /** Chunks not already waiting or running from an earlier request. */
  newlyQueued: number;
  expectedBars: number;
}

/** The same request (kind, symbols, timeframes, dates) is the same backfill: asking twice adds nothing. */
export function backfillId(req: BackfillRequest): string {
  const key = [req.kind, [...req.symbols].sort().join(','), [...req.timeframes].sort().join(','), req.from, req.to].join('|');
  return `${req.kind}-${req.from}-${createHash('sha1').update(key).digest('hex').slice(0, 12)}`;
}

/** Records a backfill with its planned chunks and queues them (deduplicated by job id). */
export async function startBackfill(
  producer: Producer,
  db: Executor,
  req: BackfillRequest,
  chunks: readonly ChunkPlan[],
): Promise<BackfillStarted> {
  const id = backfillId(req);
  let newlyQueued = 0;
  const recorded = [];
  for (const c of chunks) {
    const { jobId, duplicate } = await producer.enqueue(
      backfillChunk,
      { symbols: c.symbols, timeframes: c.timeframes, from: c.from, to: c.to },
      { priority: req.priority, triggeredBy: `backfill:${id}` },
    );
    if (!duplicate) newlyQueued++;
    recorded.push({ jobId, symbols: c.symbols, timeframes: c.timeframes, rangeFrom: c.from, rangeTo: c.to, expectedBars: c.expectedBars });
  }
  await recordBackfill(
    db,
    {
      id, kind: req.kind, symbols: [...req.symbols], timeframes: [...req.timeframes], rangeFrom: req.from, rangeTo: req.to,
      priority: req.priority, createdBy: req.createdBy ?? 'system',
    },
    recorded,
  );
  return { id, chunks: chunks.length, newlyQueued, expectedBars: chunks.reduce((n, c) => n + c.expectedBars, 0) };
}
