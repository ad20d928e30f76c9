import { TIMEFRAMES, type Timeframe } from '@marketfleet/market';
import { z } from 'zod';

const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();
const count = z.number().int().min(0);

/** Mirrors contracts/data-health.schema.json (plus `page`); the integration test validates responses against that file. */
export const DataHealthResponse = z.object({
  success: z.boolean(),
  summary: z.object({
    totalChecks: count,
    healthy: count,
    warning: count,
    critical: count,
    staleData: count,
    staleForecast: count,
    staleOptions: count,
    pendingSplits: count,
    marketOpen: z.boolean(),
    checkedAt: z.string(),
  }),
  healthStatuses: z.array(
    z.object({
      symbol: z.string(),
      timeframe: z.enum(TIMEFRAMES as readonly [Timeframe, ...Timeframe[]]),
      coverage: z.object({
        hasCoverage: z.boolean(),
        fromTs: nullableString,
        toTs: nullableString,
        lastSuccessAt: nullableString,
        lastRowsWritten: z.number().int().nullable(),
        lastProvider: nullableString,
        expectedBars: count,
        actualBars: count,
        gaps: count,
      }),
      freshness: z.object({ isStale: z.boolean(), ageHours: nullableNumber, slaHours: z.number(), lastBarTs: nullableString }),
      jobs: z.object({ latestStatus: nullableString, latestRunAt: nullableString, pendingJobs: count, failedJobsLast24h: count }),
      forecast: z.object({ latestRunAt: nullableString, isStale: z.boolean(), ageHours: nullableNumber }),
      options: z.object({ latestSnapshotAt: nullableString, isStale: z.boolean(), ageHours: nullableNumber }),
      market: z.object({ isOpen: z.boolean(), hasPendingSplits: z.boolean(), pendingSplitCount: count }),
      overallHealth: z.enum(['healthy', 'warning', 'critical']),
      checkedAt: z.string(),
    }),
  ),
  page: z.object({ offset: count, limit: count, totalSymbols: count, nextOffset: z.number().int().nullable() }),
});
