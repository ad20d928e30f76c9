import { z } from 'zod';
import { defineJob, jobIdFrom } from '../define-job';
import { QueueName } from '../queues';
import { OPTIONS_INGEST_JOBS } from './options';
import { qualityCheck, repairGap } from './quality';
import { calendarSync, corporateActionsSync } from './reference';
import { SessionDate, Ticker, TimeframeSchema } from './schemas';

const KEEP = { removeOnComplete: { age: 24 * 3600, count: 2000 }, removeOnFail: { age: 7 * 24 * 3600 } };

/**
 * Scheduled every 15 minutes. While a session is open (or just closed) it refreshes the
 * session's m15/h1/h4 bars of the whole watchlist; otherwise it is recorded as skipped.
 */
export const barsIntraday = defineJob({
  queue: QueueName.Ingest,
  name: 'bars-intraday',
  payload: z.object({}),
  options: { attempts: 2, backoff: { type: 'exponential', delay: 5_000 }, ...KEEP },
  scope: () => ({ symbols: [], timeframes: ['m15', 'h1', 'h4'] }),
});

/**
 * Scheduled after the close. On a session day it stores the week's d1/w1 bars and
 * re-fetches the session's intraday bars now that the provider has finalised them.
 */
export const barsDaily = defineJob({
  queue: QueueName.Ingest,
  name: 'bars-daily',
  payload: z.object({}),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP },
  scope: () => ({ symbols: [], timeframes: ['m15', 'h1', 'h4', 'd1', 'w1'] }),
});

/** One provider request's worth of history: some symbols × timeframes over whole sessions. */
export const backfillChunk = defineJob({
  queue: QueueName.Ingest,
  name: 'backfill-chunk',
  payload: z
    .object({
      symbols: z.array(Ticker).min(1).max(100),
      timeframes: z.array(TimeframeSchema).min(1),
      /** Inclusive New York session dates. */
      from: SessionDate,
      to: SessionDate,
      backfillId: z.string().optional(),
    })
    .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] }),
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...KEEP },
  jobId: (p) => jobIdFrom('chunk', p.symbols.join('.'), p.timeframes.join('.'), p.from, p.to),
  scope: (p) => ({ symbols: p.symbols, timeframes: p.timeframes }),
});

/**
 * Brings symbols (default: the watchlist) to their history depth in every timeframe.
 * `deep`: symbols just added, whose whole history runs ahead of routine work.
 */
export const coverageSweep = defineJob({
  queue: QueueName.Ingest,
  name: 'coverage-sweep',
  payload: z.object({ symbols: z.array(Ticker).optional(), deep: z.boolean().optional() }),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...KEEP },
  jobId: (p) => jobIdFrom(p.deep ? 'deep' : 'coverage', p.symbols?.join('.') ?? 'watchlist'),
  scope: (p) => ({ symbols: p.symbols ?? [], timeframes: [] }),
});

export const INGEST_JOBS = [
  barsIntraday,
  barsDaily,
  backfillChunk,
  coverageSweep,
  qualityCheck,
  repairGap,
  calendarSync,
  corporateActionsSync,
  ...OPTIONS_INGEST_JOBS,
] as const;
