import { markJobFinished, unfinishedJobRuns, type Db } from '@marketfleet/db';
import { ALL_QUEUES, calendarSync, corporateActionsSync, coverageSweep, Producer, type QueueName } from '@marketfleet/jobs';
import { loadEnv } from './env';
import { applySchedules } from './schedules';
import { type Logger, onShutdown, runMain, startQueueProcess } from '@marketfleet/runtime';

/**
 * The only producer of timed work; run exactly one (concurrent upserts of the same
 * schedulers from several replicas race).
 */
async function main() {
  const env = loadEnv();
  const { logger, database, backend, closeMetrics } = await startQueueProcess('scheduler', env, 2);
  const producer = new Producer(backend, database.db, logger);
  // A queue store that lost its data (Redis keeps nothing on disk) also lost the
  // schedules and any waiting chunks: put the schedules back and sweep for gaps.
  // At start the sweep always runs: the fleet may have been down for a while.
  const reconcile = async (reason: string) => {
    const missing = await applySchedules((name) => producer.queue(name));
    if (missing > 0) await markLostJobs(producer, database.db, logger);
    if (missing > 0 || reason === 'start') {
      // The calendar first, so the clock the other jobs use is the provider's.
      await producer.enqueue(calendarSync, {}, { triggeredBy: `scheduler:${reason}` });
      await producer.enqueue(corporateActionsSync, {}, { triggeredBy: `scheduler:${reason}` });
      await producer.enqueue(coverageSweep, {}, { triggeredBy: `scheduler:${reason}` });
      logger.info({ missing, reason }, 'schedules applied; calendar, corporate actions and coverage queued');
    }
  };
  await reconcile('start');
  const timer = setInterval(() => {
    reconcile('check').catch((err: unknown) => logger.error({ err }, 'schedule check failed'));
  }, env.SCHEDULE_CHECK_MS);

  logger.info({ queues: backend.kind }, 'scheduler started');
  onShutdown(
    logger,
    { timeoutMs: env.SHUTDOWN_TIMEOUT_MS, stopWithParent: env.MARKETFLEET_STOP_WITH_PARENT },
    () => clearInterval(timer),
    () => producer.close(),
    closeMetrics,
    () => database.close(),
  );
}

/**
 * Job runs still queued or running whose job the queue store no longer has were lost
 * with it (a Redis restart keeps nothing). They are closed as failed, so the chart
 * stops reporting `updating` for them and a backfill's progress adds up; the coverage
 * sweep queued next plans their ranges again. A worker still running one records its
 * real outcome over this.
 */
async function markLostJobs(producer: Producer, db: Db, logger: Logger): Promise<void> {
  let lost = 0;
  for (const run of await unfinishedJobRuns(db)) {
    if (!(ALL_QUEUES as readonly string[]).includes(run.queue)) continue;
    if (await producer.queue(run.queue as QueueName).getJob(run.jobId)) continue;
    await markJobFinished(db, run.jobId, { status: 'failed', error: 'lost: the queue store no longer has this job; the coverage sweep queues its range again' });
    lost++;
  }
  if (lost > 0) logger.warn({ lost }, 'job runs lost with the queue store closed as failed');
}

runMain(main);
