import { findSymbol, hasActiveJob, latestBarTs, latestForecast, latestForecastRunAt, pendingCorporateActions, readAdjustedBars } from '@marketfleet/db';
import { DEFAULT_CHART_HORIZON, FORECAST_HORIZONS } from '@marketfleet/ml';
import { assessFreshness, dataStatusOf, nyDate, isSplit } from '@marketfleet/market';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app';
import { resolveChartRange } from '../domain/chart-range';
import { chartForecast } from '../domain/forecast-view';
import { chartOptionRanks } from '../domain/options-ranks';
import { BadRequestError, ErrorBody, NotFoundError } from '../errors';
import type { ResponseCache } from '../plugins/response-cache';
import { ChartQuery, ChartResponse } from './chart-schema';
import { memoizedQueryValidator } from './memo-query';

async function chart(deps: AppDeps, query: ChartQuery): Promise<{ body: ChartResponse; symbolId: number }> {
  const { database, clock, config } = deps;
  const { db } = database;
  const now = deps.now?.() ?? new Date();
  const { symbol, timeframe } = query;
  // Range errors are the caller's to fix whether or not the symbol exists, so they come first.
  const range = resolveChartRange({
    timeframe,
    start: query.start,
    end: query.end,
    now,
    maxBars: config.chartMaxBars,
    clock,
  });
  const horizon = query.horizon ?? DEFAULT_CHART_HORIZON[timeframe];
  if (horizon && FORECAST_HORIZONS[horizon].timeframe !== timeframe) {
    throw new BadRequestError('horizon', `${horizon} is forecast from ${FORECAST_HORIZONS[horizon].timeframe} bars; ask a ${FORECAST_HORIZONS[horizon].timeframe} chart`);
  }
  const found = await findSymbol(db, symbol);
  if (!found) throw new NotFoundError(`Symbol not found: ${symbol}`);

  const [bars, lastBarTs, updating, pending, forecast, forecastRunAt, optionsRanks] = await Promise.all([
    // The budget check bounds expected bars; the limit also bounds whatever else got stored.
    readAdjustedBars(db, {
      symbolId: found.id, timeframe, from: range.start, to: range.end, limit: config.chartMaxBars, adjustment: query.adjustment,
    }),
    latestBarTs(db, found.id, timeframe),
    hasActiveJob(db, symbol, timeframe),
    pendingCorporateActions(db, nyDate(now), [found.id]),
    horizon ? latestForecast(db, found.id, horizon) : null,
    latestForecastRunAt(db, found.id, timeframe),
    // The same on every timeframe: a ranking is of the chain, not of a bar series.
    chartOptionRanks(db, found.id),
  ]);
  const pendingSplits = pending.filter(isSplit);
  const freshness = assessFreshness({
    now,
    lastBarTs,
    timeframe,
    slaMinutes: config.policy.slaMinutes[timeframe],
    clock,
  });

  const body: ChartResponse = {
    symbol,
    timeframe,
    bars: bars.map((b) => ({
      ts: b.ts.toISOString(),
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
      provider: b.provider,
      dataStatus: b.status,
    })),
    forecast: forecast ? chartForecast(forecast) : null,
    optionsRanks,
    meta: {
      lastBarTs: lastBarTs?.toISOString() ?? null,
      dataStatus: dataStatusOf(freshness, updating),
      isMarketOpen: clock.isOpen(now),
      latestForecastRunAt: forecastRunAt?.toISOString() ?? null,
      hasPendingSplits: pendingSplits.length > 0,
      pendingSplitInfo: pendingSplits.length > 0 ? describeSplit(pendingSplits[0]!) : null,
      totalBars: bars.length,
      requestedRange: { start: range.start.toISOString(), end: range.end.toISOString() },
    },
    freshness,
  };
  return { body, symbolId: found.id };
}

/** The old app's wording: "<type> <ratio>:1 on <ex-date>" (a 1:10 reverse split reads 0.1:1). */
function describeSplit(a: { type: string; ratio: number | null; exDate: string }): string {
  return `${a.type} ${a.ratio ?? '?'}:1 on ${a.exDate}`;
}

/** Requests with the same query share one validated (frozen) object, so its key is made once. */
const keys = new WeakMap<ChartQuery, string>();

/**
 * The cache key: the request as validated, so unknown parameters, their order, defaults given or
 * left out, the old flags (which change nothing) and the path taken all share one entry. A date
 * `end` and the date-time it stands for (the next midnight) are the same request, and share too.
 */
export function chartCacheKey(q: ChartQuery): string {
  let key = keys.get(q);
  if (key === undefined) {
    const horizon = q.horizon ?? DEFAULT_CHART_HORIZON[q.timeframe] ?? '-';
    key = [q.symbol, q.timeframe, q.adjustment, horizon, q.start?.toISOString() ?? '-', q.end?.toISOString() ?? '-'].join('|');
    keys.set(q, key);
  }
  return key;
}

/** GET /v1/chart, and the old app's path for clients not yet moved; responses kept in `cache`. */
export function chartRoutes(deps: AppDeps, cache: ResponseCache) {
  return async function routes(app: FastifyInstance): Promise<void> {
    cache.listen(deps.database, (err) => app.log.warn({ err }, 'chart cache: cannot subscribe to data changes yet, not caching'));
    app.addHook('onClose', () => cache.close());
    const schema = {
      querystring: ChartQuery,
      response: { 200: ChartResponse, '4xx': ErrorBody, '5xx': ErrorBody },
    };
    const typed = app.withTypeProvider<ZodTypeProvider>();
    for (const url of ['/v1/chart', '/functions/v1/chart']) {
      // Looked up after auth, the rate limit and validation, which every request passes.
      typed.get(url, { schema, validatorCompiler: memoizedQueryValidator }, async (req, reply) => {
        const q = req.query;
        const entry = await cache.getOrCompute(chartCacheKey(q), async () => {
          const { body, symbolId } = await chart(deps, q);
          // Serialized once here; Fastify sends a buffer as it is.
          return { body: JSON.stringify(body), tags: { symbol: body.symbol, symbolId, timeframe: q.timeframe } };
        });
        return cache.send(req, reply, entry);
      });
    }
  };
}
