import { TIMEFRAMES, type Timeframe } from '@marketfleet/market';
import { HORIZONS, type Horizon } from '@marketfleet/ml';
import { z } from 'zod';

const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
const nullableShare = share.nullable();
const nonNegative = z.number().min(0).nullable();
const timeframe = z.enum(TIMEFRAMES as readonly [Timeframe, ...Timeframe[]]);
const horizon = z.enum(HORIZONS as [Horizon, ...Horizon[]]);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instant = z.string().describe('ISO 8601 instant');
const verdict = z.enum(['skill', 'no skill', 'too few']).describe("'skill' only when the hit rate's 95 % lower bound lies above the base rate");

/** How forecasts did over the window, as rates; nulls where there were no evaluations. */
const Figures = z.object({
  n: count.describe('evaluated forecasts'),
  hitRate: nullableShare.describe('direction hits / n'),
  interval: z.object({ lower: share, upper: share }).describe('Wilson 95 % interval of the hit rate'),
  baseRate: nullableShare.describe('always calling the more frequent direction'),
  verdict,
  labelHitRate: nullableShare,
  mae: nonNegative.describe('mean |forecast − realised| / start price'),
  maeRandomWalk: nonNegative,
  mase: nonNegative.describe('mae / random walk mae: below 1 beats it'),
  coverage80: nullableShare,
  coverage95: nullableShare,
  brier: nonNegative,
  brierClimatology: nonNegative,
  brierSkill: z.number().nullable().describe('1 − brier / climatology: above 0 beats it'),
});

const Weights = z.object({
  horizon: z.string(),
  scope: z.enum(['horizon', 'symbol']),
  // Non-negative and summing to 1 as the weight jobs write them; no upper bound, so float rounding above 1 is not a 500.
  weights: z.record(z.string(), z.number().min(0)),
  method: z.string(),
  effectiveFrom: instant,
});

const Reliability = z.object({
  horizon: z.string().describe("a horizon, or 'all'"),
  count,
  expectedCalibrationError: nonNegative,
  bins: z.array(z.object({ lower: share, upper: share, count, meanPredicted: nullableShare, observedFrequency: nullableShare })).length(10),
});

const DriftTest = z.object({ name: z.string(), d: z.number(), p: z.number(), psi: z.number(), severity: z.string(), drifted: z.boolean() });

/** GET /v1/ml-dashboard: whether the forecasts are worth anything, and whether what they stand on is sound. */
export const MlDashboardResponse = z.object({
  window: z.object({
    sessions: count, from: day, to: day, symbol: z.string().nullable(), horizon: horizon.nullable(), minEvaluations: count, checkedAt: instant,
  }),
  overall: Figures.describe('the ensemble over every horizon asked for'),
  horizons: z.array(Figures.extend({ horizon, timeframe, models: z.array(Figures.extend({ model: z.string() })) })),
  models: z.array(Figures.extend({ model: z.string() })).describe('each model over every horizon asked for'),
  trend: z.object({
    bucket: z.enum(['day', 'week']),
    points: z.array(z.object({
      horizon: z.string(), period: day, n: count, hitRate: nullableShare, lower: share, upper: share, baseRate: nullableShare, verdict,
    })),
    baseRates: z.array(z.object({ horizon, baseRate: nullableShare })),
  }),
  reliability: z.array(Reliability),
  weights: z.object({ current: z.array(Weights), history: z.array(Weights) }),
  symbols: z.object({
    ranked: count.describe(`symbols with enough evaluations to rank`),
    tooFew: count,
    top: z.array(Figures.extend({ symbol: z.string() })),
    bottom: z.array(Figures.extend({ symbol: z.string() })),
  }),
  drift: z.object({
    byTimeframe: z.array(z.object({ timeframe, checked: count, drifted: count, severity: z.record(z.string(), count) })),
    series: z.array(z.object({ symbol: z.string(), timeframe, severity: z.string(), checkedAt: instant, drifted: z.array(DriftTest) })),
  }),
  freshness: z.array(z.object({
    horizon, timeframe, expected: count, current: count, stale: count, missing: count, skipped: count, skipReasons: z.record(z.string(), count),
  })),
  quality: z.array(z.object({
    timeframe, series: count, withBars: count, staleBars: count, bars: count, openFindings: z.record(z.string(), count),
  })),
});
export type MlDashboardResponse = z.infer<typeof MlDashboardResponse>;
