import type { RecentJobRun, SeriesStats } from '@marketfleet/db';
import { assessFreshness, assessOptionSnapshot, lagMinutes, type MarketClock, type Timeframe } from '@marketfleet/market';
import { forecastHealth } from './forecast-view';

export type OverallHealth = 'healthy' | 'warning' | 'critical';

/** A fetch left queued or running longer than this is a crash's leftover, not pending work. */
const PENDING_STALE_MS = 30 * 60_000;
const FAILURES_CRITICAL = 3;
const STALE_CRITICAL_FACTOR = 3;

export interface JobSummary {
  latestStatus: string | null;
  latestRunAt: string | null;
  pendingJobs: number;
  failedJobsLast24h: number;
}

/** The jobs that fetch this series: naming the symbol (or the whole watchlist) and the timeframe. */
export function summariseJobs(runs: readonly RecentJobRun[], ticker: string, tf: Timeframe, now: Date): JobSummary {
  const mine = runs.filter((r) => r.timeframes.includes(tf) && (r.symbols.length === 0 || r.symbols.includes(ticker)));
  const latest = mine.reduce<RecentJobRun | null>((a, r) => (!a || r.createdAt > a.createdAt ? r : a), null);
  return {
    latestStatus: latest?.status ?? null,
    latestRunAt: latest?.createdAt.toISOString() ?? null,
    pendingJobs: mine.filter((r) => (r.status === 'queued' || r.status === 'running') && now.getTime() - r.updatedAt.getTime() < PENDING_STALE_MS).length,
    failedJobsLast24h: mine.filter((r) => r.status === 'failed' && now.getTime() - r.createdAt.getTime() < 24 * 3600_000).length,
  };
}

export interface SeriesHealthInput {
  symbol: string;
  timeframe: Timeframe;
  now: Date;
  clock: MarketClock;
  slaMinutes: number;
  stats: SeriesStats | null;
  /** Bars the calendar expects from the first stored bar to the last closed one. */
  expectedBars: number;
  /** Open gap findings of the quality check. */
  gaps: number;
  /** The newest forecast of this series, when its timeframe has forecasts at all. */
  forecast: { runAt: Date; lastBarTs: Date } | null;
  /** Whether forecasts are made from this timeframe (h4 and w1 have none, so none can be stale). */
  forecastsExpected: boolean;
  jobs: JobSummary;
  pendingSplits: number;
  /** When the newest option snapshot of the symbol's chain was taken (null: none stored). */
  optionSnapshotAt: Date | null;
  optionsSlaMinutes: number;
}

const hours = (minutes: number) => Math.round(minutes / 6) / 10;

/**
 * One series' health. Critical: no bars at all, stale by more than three SLAs, or three
 * failed fetches in a day. Warning: stale, a failed fetch, an open gap or a pending split.
 * Staleness is measured against the market calendar, so a closed market never makes
 * data stale. Forecasts are graded by the same rule on the bars they were made from; they
 * and option snapshots are reported beside the series and do not grade it.
 */
export function seriesHealth(i: SeriesHealthInput) {
  const lastBarTs = i.stats?.lastTs ?? null;
  const freshnessInput = { now: i.now, lastBarTs, timeframe: i.timeframe, slaMinutes: i.slaMinutes, clock: i.clock };
  const freshness = assessFreshness(freshnessInput);
  const lag = lagMinutes(freshnessInput);
  const isStale = !freshness.isWithinSla;
  let overallHealth: OverallHealth = 'healthy';
  if (isStale || i.jobs.failedJobsLast24h > 0 || i.gaps > 0 || i.pendingSplits > 0) overallHealth = 'warning';
  if (!i.stats || (lag ?? 0) > STALE_CRITICAL_FACTOR * i.slaMinutes || i.jobs.failedJobsLast24h >= FAILURES_CRITICAL) overallHealth = 'critical';
  return {
    symbol: i.symbol,
    timeframe: i.timeframe,
    coverage: {
      hasCoverage: i.stats !== null,
      fromTs: i.stats?.firstTs.toISOString() ?? null,
      toTs: i.stats?.lastTs.toISOString() ?? null,
      lastSuccessAt: i.stats?.lastWrittenAt.toISOString() ?? null,
      lastRowsWritten: i.stats && i.stats.lastRowsWritten > 0 ? i.stats.lastRowsWritten : null,
      lastProvider: i.stats?.lastProvider ?? null,
      expectedBars: i.expectedBars,
      actualBars: i.stats?.barCount ?? 0,
      gaps: i.gaps,
    },
    freshness: {
      isStale,
      ageHours: freshness.ageMinutes === null ? null : hours(freshness.ageMinutes),
      slaHours: hours(i.slaMinutes),
      lastBarTs: lastBarTs?.toISOString() ?? null,
    },
    jobs: i.jobs,
    forecast: i.forecastsExpected ? forecastHealth(i.forecast, i.timeframe, i.slaMinutes, i.clock, i.now) : { latestRunAt: null, isStale: false, ageHours: null },
    options: optionHealth(i),
    market: { isOpen: i.clock.isOpen(i.now), hasPendingSplits: i.pendingSplits > 0, pendingSplitCount: i.pendingSplits },
    overallHealth,
    checkedAt: i.now.toISOString(),
  };
}

/** The symbol's option chain, the same on each of its timeframes' rows (the old app reads it from any). */
function optionHealth(i: SeriesHealthInput) {
  const f = assessOptionSnapshot({ now: i.now, latestSnapshotAt: i.optionSnapshotAt, slaMinutes: i.optionsSlaMinutes, clock: i.clock });
  return {
    latestSnapshotAt: i.optionSnapshotAt?.toISOString() ?? null,
    isStale: f.isStale,
    ageHours: f.ageMinutes === null ? null : hours(f.ageMinutes),
  };
}

export type SeriesHealth = ReturnType<typeof seriesHealth>;
