import {
  barsDaily,
  barsIntraday,
  calendarSync,
  corporateActionsSync,
  coverageSweep,
  forecastCalibration,
  optionsPartitions,
  optionsSnapshot,
  optionsTick,
  qualityCheck,
  type AnyJob,
  type Queue,
  type QueueName,
} from '@marketfleet/jobs';

export interface Schedule {
  id: string;
  /** Six-field cron (seconds first), in `tz`. Market hours are not written here. */
  pattern: string;
  job: AnyJob;
  /** IANA time zone of the pattern; New York unless said otherwise. */
  tz?: string;
}

/**
 * The fleet's timed work. Handlers ask the market clock whether there is anything to do,
 * so holidays, early closes and DST never have to be encoded in these patterns.
 */
export const SCHEDULES: readonly Schedule[] = [
  // A minute after each 15-minute bar closes.
  { id: 'bars-intraday', pattern: '0 1,16,31,46 * * * *', job: barsIntraday },
  // After the close, once the provider has finalised the session.
  { id: 'bars-daily', pattern: '0 20 16 * * *', job: barsDaily },
  // Nightly: bring every watchlist symbol × timeframe back to full coverage.
  { id: 'coverage-nightly', pattern: '0 30 2 * * *', job: coverageSweep },
  // Hourly, between the intraday ticks; 16:40 also follows the daily job's finalised session.
  { id: 'quality-hourly', pattern: '0 40 * * * *', job: qualityCheck },
  // Before the session: the provider's calendar, then the day's corporate actions.
  { id: 'calendar-daily', pattern: '0 0 5 * * *', job: calendarSync },
  { id: 'corporate-actions-daily', pattern: '0 15 5 * * *', job: corporateActionsSync },
  // Evenings: refit every symbol's forecast calibration on the day's outcomes (the daily
  // forecasts themselves follow bars-daily, the intraday ones each intraday update).
  { id: 'forecast-calibration-nightly', pattern: '0 30 18 * * 1-5', job: forecastCalibration },
  // Option chains: near expirations every 15 minutes of the session, the wider set on the tick
  // after the close (the handler asks the clock which, if any). Off the bar ticks' minute.
  { id: 'options-tick', pattern: '0 2,17,32,47 * * * *', job: optionsTick },
  // The session's snapshot once the after-close scrape is in (IV statistics and the nightly
  // ranking follow it); the handler skips days without a session.
  { id: 'options-snapshot-nightly', pattern: '0 15 17 * * *', job: optionsSnapshot },
  // Snapshot partitions ahead, whole old ones dropped, old rank runs pruned.
  { id: 'options-partitions-daily', pattern: '0 45 4 * * *', job: optionsPartitions },
];

export const TIMEZONE = 'America/New_York';

/**
 * Upserts every schedule on its job's queue and removes the ones no longer defined. Returns how
 * many were missing (a queue store that restarted empty has lost them all).
 */
export async function applySchedules(queueOf: (name: QueueName) => Queue, schedules: readonly Schedule[] = SCHEDULES): Promise<number> {
  const queues = [...new Set(schedules.map((s) => s.job.queue))];
  let missing = 0;
  for (const name of queues) {
    const queue = queueOf(name);
    const mine = schedules.filter((s) => s.job.queue === name);
    const existing = await queue.getJobSchedulers(0, -1);
    const known = new Set(existing.map((s) => s.key));
    for (const s of existing) {
      if (!mine.some((d) => d.id === s.key)) await queue.removeJobScheduler(s.key);
    }
    for (const s of mine) {
      await queue.upsertJobScheduler(s.id, { pattern: s.pattern, tz: s.tz ?? TIMEZONE }, { name: s.job.name, data: {}, opts: s.job.options });
    }
    missing += mine.filter((s) => !known.has(s.id)).length;
  }
  return missing;
}
