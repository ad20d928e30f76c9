import { z } from 'zod';
import { defineJob, jobIdFrom } from '../define-job';
import { QueueName } from '../queues';
import { SessionDate, Ticker, TimeframeSchema } from './schemas';

const KEEP = { removeOnComplete: { age: 24 * 3600, count: 2000 }, removeOnFail: { age: 7 * 24 * 3600 } };

/**
 * Checks stored bars against the market clock and the bar rules over the latest sessions
 * (default: the watchlist, every timeframe, the last 5 sessions), records findings and
 * alerts, and queues a `repair-gap` job per gap.
 */
export const qualityCheck = defineJob({
  queue: QueueName.Ingest,
  name: 'quality-check',
  payload: z.object({
    symbols: z.array(Ticker).min(1).optional(),
    timeframes: z.array(TimeframeSchema).min(1).optional(),
    /** Sessions back from the latest one that has opened. */
    days: z.number().int().min(1).max(260).optional(),
  }),
  options: { attempts: 2, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP },
  jobId: (p) =>
    jobIdFrom('quality', p.symbols?.join('.') ?? 'watchlist', p.timeframes?.join('.') ?? 'all', p.days ?? 'default'),
  // Reads only: it must not make the chart say `updating`.
  scope: () => ({ symbols: [], timeframes: [] }),
});

/**
 * Fetches again the sessions of one gap finding (`from` is the finding's session; for w1,
 * the week's first session) and re-checks them. A gap still open after the configured
 * attempts, counted across runs, is recorded as a provider gap and no longer repaired.
 */
export const repairGap = defineJob({
  queue: QueueName.Ingest,
  name: 'repair-gap',
  payload: z
    .object({
      symbol: Ticker,
      timeframe: TimeframeSchema,
      /** Inclusive New York session dates. */
      from: SessionDate,
      to: SessionDate,
    })
    .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] }),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...KEEP },
  // Deterministic: a check that runs again while the repair waits adds nothing.
  jobId: (p) => jobIdFrom('repair', p.symbol, p.timeframe, p.from, p.to),
  scope: (p) => ({ symbols: [p.symbol], timeframes: [p.timeframe] }),
});
