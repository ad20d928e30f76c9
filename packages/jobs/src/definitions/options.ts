import { z } from 'zod';
import { defineJob, jobIdFrom } from '../define-job';
import { QueueName } from '../queues';
import { SessionDate, Ticker } from './schemas';

const KEEP = { removeOnComplete: { age: 24 * 3600, count: 2000 }, removeOnFail: { age: 7 * 24 * 3600 } };
// Option jobs read and write chains, not bars: they must not make the chart say `updating`.
const NO_BARS = (symbols: string[] = []) => ({ symbols, timeframes: [] });

/**
 * Scheduled every 15 minutes. While the session is open it queues a near scrape of every
 * watchlist underlying; on the first tick after the close a wide one; otherwise (nights,
 * weekends, holidays) it is recorded as skipped. `catchUp` (the scheduler's start): outside the
 * session, a wide scrape of the watchlist underlyings whose chain misses the latest session.
 */
export const optionsTick = defineJob({
  queue: QueueName.Ingest,
  name: 'options-tick',
  payload: z.object({ catchUp: z.boolean().optional() }),
  options: { attempts: 2, backoff: { type: 'exponential', delay: 5_000 }, ...KEEP },
  scope: () => NO_BARS(),
});

/**
 * One underlying's chain, the nearest `expirations` expirations: latest quotes upserted, bad
 * contracts quarantined, then a ranking queued. The id is the underlying alone, so a scrape queued
 * while another of the same underlying waits or runs is a no-op.
 */
export const optionsScrape = defineJob({
  queue: QueueName.Ingest,
  name: 'options-scrape',
  payload: z.object({
    symbol: Ticker,
    expirations: z.number().int().min(1).max(60),
    /** The New York session the scrape belongs to. */
    session: SessionDate,
    reason: z.enum(['session', 'close', 'user']),
  }),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...KEEP },
  jobId: (p) => jobIdFrom('options-scrape', p.symbol),
  scope: (p) => NO_BARS([p.symbol]),
});

/**
 * Nightly: one snapshot row per contract for the session (idempotent), expired quotes removed,
 * then the IV statistics queued. Without a session it picks today's once it has closed.
 */
export const optionsSnapshot = defineJob({
  queue: QueueName.Ingest,
  name: 'options-snapshot',
  payload: z.object({ session: SessionDate.optional() }),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP },
  jobId: (p) => jobIdFrom('options-snapshot', p.session ?? 'today'),
  scope: () => NO_BARS(),
});

/** Daily: snapshot partitions created months ahead, whole partitions past the retention dropped. */
export const optionsPartitions = defineJob({
  queue: QueueName.Ingest,
  name: 'options-partitions',
  payload: z.object({}),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP },
  jobId: () => 'options-partitions',
  scope: () => NO_BARS(),
});

/** The session's ATM IV per underlying from its snapshot, and the 52-week statistics; then the nightly ranking. */
export const optionsIvStats = defineJob({
  queue: QueueName.Ml,
  name: 'options-iv-stats',
  payload: z.object({ session: SessionDate, symbols: z.array(Ticker).min(1).max(500).optional() }),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP },
  jobId: (p) => jobIdFrom('options-iv-stats', p.session, p.symbols ? [...p.symbols].sort().join('.') : 'watchlist'),
  scope: () => NO_BARS(),
});

/**
 * Entry-mode ranking of one underlying's stored chain, stored as a run. After each scrape and
 * nightly; the id is the underlying and session, so rankings of a session queued while one waits
 * collapse into it (it reads the newest quotes when it runs), and a new session's chain is never
 * dropped into a ranking of the previous one that is still running.
 */
export const optionsRank = defineJob({
  queue: QueueName.Ml,
  name: 'options-rank',
  payload: z.object({ symbol: Ticker, trigger: z.enum(['scrape', 'nightly', 'user']), session: SessionDate.optional() }),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...KEEP },
  jobId: (p) => jobIdFrom('options-rank', p.symbol, p.session ?? 'latest'),
  scope: (p) => NO_BARS([p.symbol]),
});

export const OPTIONS_INGEST_JOBS = [optionsTick, optionsScrape, optionsSnapshot, optionsPartitions] as const;
export const OPTIONS_ML_JOBS = [optionsIvStats, optionsRank] as const;
