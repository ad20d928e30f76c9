import { barsDaily, barsIntraday, calendarSync, corporateActionsSync, coverageSweep, qualityCheck, type AnyJob } from '@marketfleet/jobs';
import type { Queue } from '@marketfleet/jobs';

export interface Schedule {
  id: string;
  /** Six-field cron (seconds first), in New York time. Market hours are not written here. */
  pattern: string;
  job: AnyJob;
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
];

export const TIMEZONE = 'America/New_York';

/** Upserts every schedule and removes the ones no longer defined. Returns how many were missing. */
export async function applySchedules(queue: Queue, schedules: readonly Schedule[] = SCHEDULES): Promise<number> {
  const existing = await queue.getJobSchedulers(0, -1);
  const known = new Set(existing.map((s) => s.key));
  for (const s of existing) {
    if (!schedules.some((d) => d.id === s.key)) await queue.removeJobScheduler(s.key);
  }
  for (const s of schedules) {
    await queue.upsertJobScheduler(
      s.id,
      { pattern: s.pattern, tz: TIMEZONE },
      { name: s.job.name, data: {}, opts: s.job.options },
    );
  }
  return schedules.filter((s) => !known.has(s.id)).length;
}
