import {
  findSymbol,
  latestForecastsBySeries,
  listWatchlist,
  openGapCounts,
  optionChainStatuses,
  pendingCorporateActions,
  readSeriesStats,
  recentJobRuns,
  type SymbolRef,
} from '@marketfleet/db';
import { type MarketClock, nyDate, isSplit, type Timeframe, TIMEFRAMES } from '@marketfleet/market';
import { horizonsOf } from '@marketfleet/ml';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { seriesHealth, summariseJobs } from '../domain/health';
import { ErrorBody, NotFoundError } from '../errors';
import { QueryTicker, QueryTimeframe, queryInt } from './params';
import { DataHealthResponse } from './data-health-schema';

const MAX_SYMBOLS_PER_PAGE = 500;

const Query = z.object({
  symbol: QueryTicker.optional(),
  timeframe: QueryTimeframe.optional(),
  limit: queryInt(1, MAX_SYMBOLS_PER_PAGE).default(100).describe('symbols per page (each has a status per timeframe)'),
  offset: queryInt(0, 1_000_000).default(0),
});
type Query = z.infer<typeof Query>;

/** Expected bars from a first bar to the last closed one, memoised: most series share their start. */
function expectedCounter(clock: MarketClock, now: Date) {
  const memo = new Map<string, number>();
  return (tf: Timeframe, from: Date) => {
    const key = `${tf}|${from.getTime()}`;
    let n = memo.get(key);
    if (n === undefined) {
      const last = clock.lastClosedBar(tf, now);
      n = last && last >= from ? clock.countExpectedBars(tf, from, new Date(last.getTime() + 1)) : 0;
      memo.set(key, n);
    }
    return n;
  };
}

async function dataHealth(deps: AppDeps, q: Query) {
  const { db } = deps.database;
  const now = deps.now?.() ?? new Date();
  let symbols: SymbolRef[];
  let total: number;
  if (q.symbol) {
    const found = await findSymbol(db, q.symbol);
    if (!found) throw new NotFoundError(`Symbol not found: ${q.symbol}`);
    symbols = [found];
    total = 1;
  } else {
    const all = await listWatchlist(db);
    total = all.length;
    symbols = all.slice(q.offset, q.offset + q.limit);
  }
  const ids = symbols.map((s) => s.id);
  const timeframes: readonly Timeframe[] = q.timeframe ? [q.timeframe] : TIMEFRAMES;
  const [stats, gaps, runs, pending, forecasts, chains] = await Promise.all([
    readSeriesStats(db, ids),
    openGapCounts(db, ids),
    recentJobRuns(db),
    pendingCorporateActions(db, nyDate(now), ids),
    latestForecastsBySeries(db, ids),
    optionChainStatuses(db, ids),
  ]);
  // The chain's latest scrape is its snapshot: quotes are as old as that.
  const chainAt = new Map(chains.map((c) => [c.symbolId, c.lastScrapedAt]));
  const statsOf = new Map(stats.map((s) => [`${s.symbolId}|${s.timeframe}`, s]));
  const splits = pending.filter(isSplit);
  const expected = expectedCounter(deps.clock, now);
  const healthStatuses = symbols.flatMap((s) =>
    timeframes.map((tf) => {
      const st = statsOf.get(`${s.id}|${tf}`) ?? null;
      return seriesHealth({
        symbol: s.ticker, timeframe: tf, now, clock: deps.clock, slaMinutes: deps.config.policy.slaMinutes[tf], stats: st,
        expectedBars: st ? expected(tf, st.firstTs) : 0, gaps: gaps.get(`${s.id}|${tf}`) ?? 0,
        jobs: summariseJobs(runs, s.ticker, tf, now), pendingSplits: splits.filter((a) => a.symbolId === s.id).length,
        forecast: forecasts.get(`${s.id}|${tf}`) ?? null, forecastsExpected: horizonsOf(tf).length > 0,
        optionSnapshotAt: chainAt.get(s.id) ?? null, optionsSlaMinutes: deps.config.policy.optionsSlaMinutes,
      });
    }),
  );
  const count = (h: string) => healthStatuses.filter((x) => x.overallHealth === h).length;
  const nextOffset = q.symbol || q.offset + symbols.length >= total ? null : q.offset + symbols.length;
  return {
    success: true,
    summary: {
      totalChecks: healthStatuses.length,
      healthy: count('healthy'),
      warning: count('warning'),
      critical: count('critical'),
      staleData: healthStatuses.filter((x) => x.freshness.isStale).length,
      staleForecast: healthStatuses.filter((x) => x.forecast.isStale).length,
      staleOptions: healthStatuses.filter((x) => x.options.isStale).length,
      pendingSplits: new Set(splits.map((a) => a.symbolId)).size,
      marketOpen: deps.clock.isOpen(now),
      checkedAt: now.toISOString(),
    },
    healthStatuses,
    // Paged by symbol, never silently cut: the next page is named until the last.
    page: { offset: q.symbol ? 0 : q.offset, limit: q.limit, totalSymbols: total, nextOffset },
  };
}

/** GET /v1/data-health (and the old app's path): one status per symbol × timeframe. */
export function dataHealthRoutes(deps: AppDeps) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const schema = { querystring: Query, response: { 200: DataHealthResponse, '4xx': ErrorBody, '5xx': ErrorBody } };
    for (const url of ['/v1/data-health', '/functions/v1/data-health']) {
      typed.get(url, { schema }, (req) => dataHealth(deps, req.query));
    }
  };
}
