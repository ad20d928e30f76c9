import { z } from 'zod';

/** Mirrors contracts/user-refresh.schema.json; the integration test validates responses against that file. */
export const UserRefreshResponse = z.object({
  symbol: z.string(),
  success: z.boolean(),
  steps: z.array(
    z.object({
      step: z.string(),
      status: z.enum(['pending', 'running', 'completed', 'skipped', 'failed']),
      message: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  summary: z.object({
    backfillNeeded: z.boolean(),
    backfillQueued: z.boolean(),
    barsUpdated: z.number().int().min(0),
    mlJobQueued: z.boolean(),
    optionsJobQueued: z.boolean(),
    srCalculated: z.boolean(),
  }),
  queuedJobs: z.array(z.string()),
  warnings: z.array(z.string()),
  nextExpectedUpdate: z.string().nullable(),
  message: z.string(),
  durationMs: z.number().int().min(0),
});

export const BackfillProgressBody = z.object({
  total_slices: z.number().int(),
  completed_slices: z.number().int(),
  running_slices: z.number().int(),
  queued_slices: z.number().int(),
  failed_slices: z.number().int(),
  progress_percent: z.number(),
  bars_written: z.number().int(),
});

/** The old ensure-coverage response (the backend version the app posts to). */
export const EnsureCoverageResponse = z.object({
  job_def_id: z.string().nullable(),
  symbol: z.string(),
  timeframe: z.string(),
  status: z.enum(['gaps_detected', 'coverage_complete']),
  coverage_status: z.object({
    from_ts: z.string().nullable(),
    to_ts: z.string().nullable(),
    last_success_at: z.string().nullable(),
    gaps_found: z.number().int(),
  }),
  backfill_progress: BackfillProgressBody.optional(),
});

export const CoverageResponse = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  windowDays: z.number().int(),
  expectedBars: z.number().int(),
  storedBars: z.number().int(),
  /** Missing bars the provider already answered without: left to repairs. */
  answeredMissing: z.number().int(),
  gaps: z.array(z.object({ from: z.string(), to: z.string(), missingBars: z.number().int() })),
});

export const BackfillStatus = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  symbols: z.array(z.string()),
  timeframes: z.array(z.string()),
  from: z.string(),
  to: z.string(),
  priority: z.number().int(),
  createdAt: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  running: z.number().int(),
  queued: z.number().int(),
  failed: z.number().int(),
  percent: z.number(),
  barsWritten: z.number().int(),
  expectedBars: z.number().int(),
});
