import { latestRanks, type Db, type RankMode, type StoredRank } from '@marketfleet/db';

/** The chart shows this many of the latest run's contracts (the old app's top 10). */
export const CHART_RANKS = 10;

const quoteOf = (r: StoredRank) => ({
  impliedVol: r.iv, delta: r.delta, gamma: r.gamma, theta: r.theta, vega: r.vega, openInterest: r.openInterest, volume: r.volume,
});

/**
 * The latest run of an underlying's ranking and its best `limit` contracts: one run, so the set
 * is consistent (the old app mixed rows of every run and mode). No run yet: `run` is null.
 */
export async function latestRanking(db: Db, symbolId: number, mode: RankMode, limit: number) {
  const latest = await latestRanks(db, symbolId, mode, limit);
  if (!latest) return { run: null, ranks: [] };
  const { run, ranks } = latest;
  return {
    run: {
      runAt: run.runAt.toISOString(), sessionDate: run.sessionDate, trigger: run.trigger, contractsScored: run.contractsScored,
      contractsSkipped: run.contractsSkipped, ivStale: run.ivStale, referenceDate: run.referenceDate,
    },
    ranks: ranks.map((r) => ({
      position: r.position, contract: r.contract, expiry: r.expiry, strike: r.strike, side: r.side, dte: r.dte,
      mlScore: r.mlScore, composite: r.composite, momentum: r.momentum, value: r.value, greeks: r.greeks, ivRank: r.ivRank,
      spreadPct: r.spreadPct, stability: r.stability, signals: r.signals, bid: r.bid, ask: r.ask, mark: r.mark, last: r.last,
      ...quoteOf(r),
    })),
  };
}

/** The chart's `optionsRanks` (contracts/chart.schema.json): the latest entry run's top 10, best first. */
export async function chartOptionRanks(db: Db, symbolId: number) {
  const latest = await latestRanks(db, symbolId, 'entry', CHART_RANKS);
  if (!latest) return [];
  const runAt = latest.run.runAt.toISOString();
  return latest.ranks.map((r) => ({ expiry: r.expiry, strike: r.strike, side: r.side, mlScore: r.mlScore, ...quoteOf(r), runAt }));
}
