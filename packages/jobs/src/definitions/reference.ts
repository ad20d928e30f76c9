import { z } from 'zod';
import { defineJob, jobIdFrom } from '../define-job';
import { QueueName } from '../queues';
import { SessionDate, Ticker } from './schemas';

const KEEP = { removeOnComplete: { age: 24 * 3600, count: 200 }, removeOnFail: { age: 7 * 24 * 3600 } };

/** Daily: the provider's trading calendar from a month back to two months ahead. */
export const calendarSync = defineJob({
  queue: QueueName.Ingest,
  name: 'calendar-sync',
  payload: z.object({}),
  options: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP },
});

/**
 * Daily for the watchlist (a month back, three ahead), and on demand for a symbol
 * (its whole history): splits, dividends and the other corporate actions.
 */
export const corporateActionsSync = defineJob({
  queue: QueueName.Ingest,
  name: 'corporate-actions-sync',
  payload: z.object({ symbols: z.array(Ticker).max(500).optional(), from: SessionDate.optional(), to: SessionDate.optional() }),
  options: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP },
  jobId: (p) => jobIdFrom('corporate-actions', p.symbols?.join('.') ?? 'watchlist', p.from ?? '', p.to ?? ''),
});
