import {
  chainFrom,
  findSymbol,
  ivStatsOf,
  latestForecast,
  optionChainStatuses,
  previousScores,
  readAdjustedBars,
  saveRankRun,
  snapshotOf,
  snapshotSessionAtOrBefore,
  type StoredRank,
} from '@marketfleet/db';
import { addDays, nyDate, type MarketClock } from '@marketfleet/market';
import {
  applyForecastTilt,
  rankEntry,
  selectTopByDte,
  trendFromCloses,
  type ChainContract,
  type ContractQuote,
} from '@marketfleet/ml';
import type { ForecastDeps } from '../deps';
import { optionContractsRanked, optionRankSeconds } from '../metrics';
import { toChainContract, toContractQuote, toUnderlyingForecast } from './chain-input';

/** Momentum compares against the snapshot this many sessions back (the seed's intended 5-day change). */
export const MOMENTUM_SESSIONS_BACK = 5;
/** A reference snapshot may be a few sessions older than the target (a missed night), not more. */
const REFERENCE_SLACK_DAYS = 7;
/** Value is cut for IV statistics more than this many sessions old. */
export const IV_STATS_MAX_AGE_SESSIONS = 2;
/** A daily forecast older than this does not tilt the ranking (the seed's 24 hours). */
const FORECAST_MAX_AGE_MS = 24 * 3600_000;
/** Contracts kept per run: each expiry bucket's quota first, then the best of the rest. */
export const RANKS_PER_RUN = 100;

export interface RankRequest {
  symbol: string;
  trigger: 'scrape' | 'nightly' | 'user';
  /** The session scored for; today's New York date when absent. */
  session?: string;
}

export type RankOutcome =
  | { status: 'ranked'; runId: number; scored: number; skipped: number; selected: number; referenceDate: string | null; ivStale: boolean; tilted: boolean }
  | { status: 'skipped'; reason: string };

/** The session `n` sessions before `date` (the reference momentum compares against). */
export function sessionsBack(clock: MarketClock, date: string, n: number): string | null {
  const before = clock.sessionsBetween(addDays(date, -(n * 3 + 10)), addDays(date, -1));
  return before.length >= n ? before[before.length - n]!.date : null;
}

async function referenceOf(deps: ForecastDeps, symbolId: number, asOf: string) {
  const target = sessionsBack(deps.clock, asOf, MOMENTUM_SESSIONS_BACK);
  if (target === null) return { date: null, quotes: new Map<string, ContractQuote>() };
  const date = await snapshotSessionAtOrBefore(deps.db, symbolId, target);
  if (date === null || date < addDays(target, -REFERENCE_SLACK_DAYS)) return { date: null, quotes: new Map<string, ContractQuote>() };
  const snap = await snapshotOf(deps.db, symbolId, date);
  return { date, quotes: new Map([...snap].map(([k, q]) => [k, toContractQuote(q)])) };
}

function toStoredRank(row: ReturnType<typeof applyForecastTilt<ReturnType<typeof rankEntry>['scored'][number]>>[number], position: number, quote: ChainContract | undefined): StoredRank {
  const n = (x: number | undefined) => x ?? null;
  return {
    position, contract: row.symbol, expiry: row.expiry, strike: row.strike, side: row.side, bid: n(quote?.bid), ask: n(quote?.ask),
    mark: quote?.bid !== undefined && quote.ask !== undefined ? (quote.bid + quote.ask) / 2 : n(quote?.last), last: n(quote?.last),
    volume: n(quote?.volume), openInterest: n(quote?.openInterest), iv: n(quote?.iv), delta: n(quote?.delta), gamma: n(quote?.gamma),
    theta: n(quote?.theta), vega: n(quote?.vega), dte: row.dte, composite: row.composite, mlScore: row.mlScore,
    momentum: row.momentum, value: row.value, greeks: row.greeks, ivRank: row.ivRank, spreadPct: row.spreadPct,
    volOiRatio: row.volOiRatio, liquidityConfidence: row.liquidityConfidence, priceMomentum: row.priceMomentum,
    oiGrowth: row.oiGrowth, relativeValue: row.relativeValue, entryDifficulty: row.entryDifficulty, stability: row.stability,
    ivCurveOk: row.ivCurveOk, ivDataQuality: row.ivDataQuality, forecastTilt: row.forecastTilt, signals: row.signals,
    imputed: row.imputed,
  };
}

/**
 * Ranks one underlying's stored chain in entry mode and stores the run: the previous scores for
 * smoothing, the snapshot five sessions back for momentum, the 52-week IV statistics dated by
 * their last observation, the daily trend, and the latest daily forecast's tilt when it is fresh.
 * The run key is the scrape it ranked (or the night), so a retried job replaces its own run.
 */
export async function rankChain(deps: ForecastDeps, req: RankRequest): Promise<RankOutcome> {
  const started = performance.now();
  const ref = await findSymbol(deps.db, req.symbol);
  if (!ref) return { status: 'skipped', reason: `unknown underlying ${req.symbol}` };
  const [status] = await optionChainStatuses(deps.db, [ref.id]);
  if (!status?.lastScrapedAt) return { status: 'skipped', reason: `${req.symbol}: no chain stored` };
  const now = deps.now();
  const asOf = req.session ?? nyDate(now);
  const runKey = req.trigger === 'nightly' ? `nightly-${asOf}` : `${req.trigger}-${asOf}-${status.lastScrapedAt.toISOString()}`;

  const chain = (await chainFrom(deps.db, ref.id, asOf)).map(toChainContract);
  if (chain.length === 0) return { status: 'skipped', reason: `${req.symbol}: no unexpired contracts stored` };
  const [previous, reference, stats, closes, forecast] = await Promise.all([
    previousScores(deps.db, ref.id, 'entry', runKey),
    referenceOf(deps, ref.id, asOf),
    ivStatsOf(deps.db, ref.id),
    readAdjustedBars(deps.db, { symbolId: ref.id, timeframe: 'd1', adjustment: 'split', latest: 20 }),
    latestForecast(deps.db, ref.id, '1D'),
  ]);
  const ranking = rankEntry(chain, {
    asOf,
    trend: trendFromCloses(closes.map((b) => b.close)),
    ivStats: stats,
    ivStatsMaxAgeSessions: IV_STATS_MAX_AGE_SESSIONS,
    reference: reference.quotes,
    previous,
    clock: deps.clock,
  });
  const tilted = applyForecastTilt(ranking.scored, forecast ? toUnderlyingForecast(forecast) : null, { now, maxAgeMs: FORECAST_MAX_AGE_MS });
  const selected = selectTopByDte(tilted, { asOf, total: RANKS_PER_RUN });
  const quotes = new Map(chain.map((c) => [c.symbol, c]));
  const durationMs = Math.round(performance.now() - started);
  const runId = await saveRankRun(
    deps.db,
    {
      symbolId: ref.id, mode: 'entry', sessionDate: asOf, runKey, trigger: req.trigger, contractsScored: ranking.scored.length,
      contractsSkipped: ranking.skipped.length, ivStale: ranking.ivStale, referenceDate: reference.date,
      forecastId: tilted.some((r) => r.forecastTilt !== 0) ? (forecast?.id ?? null) : null, durationMs,
    },
    selected.map((row, i) => toStoredRank(row, i + 1, quotes.get(row.symbol))),
    // Smoothing state: scores before the tilt, so a forecast does not compound run after run.
    ranking.scored.map((s) => ({ contract: s.symbol, momentum: s.momentum, composite: s.composite })),
  );
  optionRankSeconds.observe({ trigger: req.trigger }, (performance.now() - started) / 1000);
  optionContractsRanked.inc({ trigger: req.trigger }, ranking.scored.length);
  return {
    status: 'ranked', runId, scored: ranking.scored.length, skipped: ranking.skipped.length, selected: selected.length,
    referenceDate: reference.date, ivStale: ranking.ivStale, tilted: tilted.some((r) => r.forecastTilt !== 0),
  };
}
