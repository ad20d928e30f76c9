import { calendarSync, corporateActionsSync, coverageSweep, optionsTick, Producer, requeueLostJobs } from '@marketfleet/jobs';
import { loadEnv } from './env';
import { applySchedules } from './schedules';
import { onShutdown, runMain, startQueueProcess } from '@marketfleet/runtime';

/**
 * The only producer of timed work; run exactly one (concurrent upserts of the same
 * schedulers from several replicas race).
 */
async function main() {
  const env = loadEnv();
  const { logger, database, backend, closeMetrics } = await startQueueProcess('scheduler', env, 2);
  const producer = new Producer(backend, database.db, logger);
  // A queue store that lost its data (Redis without persistence keeps nothing) also lost the
  // schedules and any waiting jobs: put the schedules back, and queue the lost jobs again from
  // job_runs. At start the coverage sweep always runs (the fleet may have been down a while);
  // after a loss only when some lost work could not be queued again as it was.
  const reconcile = async (reason: string) => {
    const missing = await applySchedules((name) => producer.queue(name));
    const lost = await requeueLostJobs(producer, database.db, logger);
    if (lost.requeued > 0 || lost.closed > 0) logger.warn({ ...lost, reason }, 'jobs lost with the queue store queued again');
    if (missing > 0 || reason === 'start') {
      // The calendar first, so the clock the other jobs use is the provider's.
      await producer.enqueue(calendarSync, {}, { triggeredBy: `scheduler:${reason}` });
      await producer.enqueue(corporateActionsSync, {}, { triggeredBy: `scheduler:${reason}` });
      if (reason === 'start' || lost.closed > 0) await producer.enqueue(coverageSweep, {}, { triggeredBy: `scheduler:${reason}` });
      // Option chains that miss the latest session are scraped (and ranked) now, not at the next open.
      await producer.enqueue(optionsTick, { catchUp: true }, { triggeredBy: `scheduler:${reason}` });
      logger.info({ missing, reason }, 'schedules applied; calendar and corporate actions queued');
    }
  };
  await reconcile('start');
  // One check at a time: a slow one (many lost jobs) is not overtaken by the next tick.
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    reconcile('check')
      .catch((err: unknown) => logger.error({ err }, 'schedule check failed'))
      .finally(() => (checking = false));
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

runMain(main);
