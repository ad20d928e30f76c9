import { inMarketDateRange, inMarketTimeRange, TIMEFRAMES, type Timeframe } from '@marketfleet/market';
import { HORIZONS, type Horizon } from '@marketfleet/ml';
import { z } from 'zod';
import { OUT_OF_RANGE, QueryTicker, QueryTimeframe, TICKER } from './params';

const DAY_MS = 86_400_000;

/**
 * An ISO date or date-time with a zone. A date alone is a whole UTC day, as `new Date('2024-01-02')`
 * read it in the old app: as `start` its first instant, as `end` the first instant after it, so an
 * `end` date includes that day's bars. A date-time is taken as given (`end` exclusive). Either must
 * lie in the market's supported range, so the database and the market clock never see year 0.
 */
const instant = (name: 'start' | 'end') =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: `must be an ISO-8601 date (YYYY-MM-DD) or date-time with a zone (e.g. 2024-01-02T14:30:00Z)`,
    })
    .transform((s, ctx) => {
      const isDate = s.length === 10;
      const at = new Date(s);
      if (isDate ? !inMarketDateRange(s) : !inMarketTimeRange(at)) {
        ctx.addIssue({ code: 'custom', message: OUT_OF_RANGE, input: s });
        return z.NEVER;
      }
      return isDate && name === 'end' ? new Date(at.getTime() + DAY_MS) : at;
    })
    .optional()
    .describe(`${name} of the range, ISO-8601${name === 'end' ? ' (a date includes that day; a date-time is exclusive)' : ''}`);

const flag = z.enum(['true', 'false'], { error: "must be 'true' or 'false'" }).optional();

export const ChartQuery = z.object({
  symbol: QueryTicker,
  timeframe: QueryTimeframe.default('d1'),
  start: instant('start'),
  end: instant('end'),
  // Bars are stored raw; the chart shows split-adjusted prices unless asked otherwise.
  adjustment: z.enum(['raw', 'split', 'all'], { error: "must be 'raw', 'split' or 'all'" }).default('split'),
  /** The forecast horizon drawn: 1D, 1W or 1M on d1 (default 1W), 15m on m15, 1h on h1; none on h4 and w1 by default. */
  horizon: z.enum(HORIZONS as [Horizon, ...Horizon[]], { error: `must be one of ${HORIZONS.join(', ')}` }).optional(),
  // The old app's flags: the forecast and option ranks are always included now, so they change nothing.
  include_forecast: flag,
  include_options: flag,
});
export type ChartQuery = z.infer<typeof ChartQuery>;

const nullableNumber = z.number().nullable();

/** Mirrors contracts/chart.schema.json; the integration test validates responses against that file. */
export const ChartResponse = z.object({
  symbol: z.string().regex(TICKER),
  timeframe: z.enum(TIMEFRAMES as readonly [Timeframe, ...Timeframe[]]),
  bars: z.array(
    z.object({
      ts: z.string(),
      open: z.number(),
      high: z.number(),
      low: z.number(),
      close: z.number(),
      volume: z.number().min(0),
      provider: z.string(),
      dataStatus: z.string(),
    }),
  ),
  forecast: z
    .object({
      label: z.enum(['bullish', 'neutral', 'bearish']),
      confidence: z.number().min(0).max(1),
      horizon: z.string(),
      runAt: z.string(),
      points: z.array(z.object({ ts: z.string(), value: z.number(), lower: z.number(), upper: z.number() })),
    })
    .nullable(),
  optionsRanks: z.array(
    z.object({
      expiry: z.string(),
      strike: z.number(),
      side: z.enum(['call', 'put']),
      mlScore: z.number(),
      impliedVol: nullableNumber.optional(),
      delta: nullableNumber.optional(),
      gamma: nullableNumber.optional(),
      theta: nullableNumber.optional(),
      vega: nullableNumber.optional(),
      openInterest: nullableNumber.optional(),
      volume: nullableNumber.optional(),
      runAt: z.string().optional(),
    }),
  ),
  meta: z.object({
    lastBarTs: z.string().nullable(),
    dataStatus: z.enum(['fresh', 'stale', 'updating']),
    isMarketOpen: z.boolean(),
    latestForecastRunAt: z.string().nullable(),
    hasPendingSplits: z.boolean(),
    pendingSplitInfo: z.string().nullable(),
    totalBars: z.number().int().min(0),
    requestedRange: z.object({ start: z.string(), end: z.string() }),
  }),
  freshness: z.object({
    ageMinutes: z.number().int().nullable(),
    slaMinutes: z.number().int(),
    isWithinSla: z.boolean(),
  }),
});
export type ChartResponse = z.infer<typeof ChartResponse>;
