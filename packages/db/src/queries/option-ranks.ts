import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import type { optionRanks, RankMode } from '../schema/options';
import { notifyDataChanged } from './notify';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

export type { RankMode } from '../schema/options';

export interface RankRunInput {
  symbolId: number;
  mode: RankMode;
  sessionDate: string;
  runKey: string;
  trigger: 'scrape' | 'nightly' | 'user';
  contractsScored: number;
  contractsSkipped: number;
  ivStale: boolean;
  referenceDate: string | null;
  forecastId: number | null;
  durationMs: number;
}

export interface RankRun extends RankRunInput {
  id: number;
  runAt: Date;
}

/** One selected contract of a run, with its quote, every sub-score and its signals (the table's columns). */
export type StoredRank = Omit<typeof optionRanks.$inferSelect, 'runId' | 'quotedAt'>;

/** Every scored contract's smoothed momentum and composite, for the next run's smoothing. */
export interface ScoreInput {
  contract: string;
  momentum: number;
  composite: number;
}

/** What a rank stores, as snake_case JSON for jsonb_to_recordset. */
const rankJson = (r: StoredRank) => ({
  position: r.position, contract: r.contract, expiry: r.expiry, strike: r.strike, side: r.side, bid: r.bid, ask: r.ask,
  mark: r.mark, last: r.last, volume: r.volume, open_interest: r.openInterest, iv: r.iv, delta: r.delta, gamma: r.gamma,
  theta: r.theta, vega: r.vega, dte: r.dte, composite: r.composite, ml_score: r.mlScore, momentum: r.momentum,
  value: r.value, greeks: r.greeks, iv_rank: r.ivRank, spread_pct: r.spreadPct, vol_oi_ratio: r.volOiRatio,
  liquidity_confidence: r.liquidityConfidence, price_momentum: r.priceMomentum, oi_growth: r.oiGrowth,
  relative_value: r.relativeValue, entry_difficulty: r.entryDifficulty, stability: r.stability,
  iv_curve_ok: r.ivCurveOk, iv_data_quality: r.ivDataQuality, forecast_tilt: r.forecastTilt, signals: r.signals,
  imputed: r.imputed,
});

const RANK_COLUMNS = sql.raw(`position, contract, expiry, strike, side, bid, ask, mark, last, volume, open_interest, iv,
  delta, gamma, theta, vega, dte, composite, ml_score, momentum, value, greeks, iv_rank, spread_pct, vol_oi_ratio,
  liquidity_confidence, price_momentum, oi_growth, relative_value, entry_difficulty, stability, iv_curve_ok,
  iv_data_quality, forecast_tilt, signals, imputed`);

const RANK_RECORD = sql.raw(`position int, contract text, expiry date, strike float8, side text, bid float8, ask float8,
  mark float8, last float8, volume float8, open_interest float8, iv float8, delta float8, gamma float8, theta float8,
  vega float8, dte int, composite float8, ml_score float8, momentum float8, value float8, greeks float8, iv_rank float8,
  spread_pct float8, vol_oi_ratio float8, liquidity_confidence float8, price_momentum float8, oi_growth float8,
  relative_value float8, entry_difficulty float8, stability float8, iv_curve_ok bool, iv_data_quality float8,
  forecast_tilt float8, signals text[], imputed text[]`);

/**
 * Stores a run, its selected ranks and every scored contract's scores in one transaction. A run
 * with a key already stored (a retried job) keeps its id and has its ranks replaced, so readers
 * never see half a run. Returns the run id.
 */
export async function saveRankRun(
  db: Executor,
  run: RankRunInput,
  ranks: readonly StoredRank[],
  scores: readonly ScoreInput[],
): Promise<number> {
  return db.transaction(async (tx) => {
    const [saved] = await tx.execute<{ id: number }>(sql`
      insert into option_rank_runs as r (symbol_id, mode, session_date, run_key, trigger, contracts_scored,
        contracts_skipped, iv_stale, reference_date, forecast_id, duration_ms)
      values (${run.symbolId}, ${run.mode}, ${run.sessionDate}::date, ${run.runKey}, ${run.trigger}, ${run.contractsScored},
        ${run.contractsSkipped}, ${run.ivStale}, ${run.referenceDate}::date, ${run.forecastId}, ${run.durationMs})
      on conflict (symbol_id, mode, run_key) do update set
        run_at = now(), session_date = excluded.session_date, trigger = excluded.trigger,
        contracts_scored = excluded.contracts_scored, contracts_skipped = excluded.contracts_skipped,
        iv_stale = excluded.iv_stale, reference_date = excluded.reference_date, forecast_id = excluded.forecast_id,
        duration_ms = excluded.duration_ms
      returning id`);
    const runId = Number(saved!.id);
    await tx.execute(sql`delete from option_ranks where run_id = ${runId}`);
    if (ranks.length > 0) {
      await tx.execute(sql`
        insert into option_ranks (run_id, ${RANK_COLUMNS})
        select ${runId}::int8, ${RANK_COLUMNS} from jsonb_to_recordset(${JSON.stringify(ranks.map(rankJson))}::jsonb)
          as x(${RANK_RECORD})`);
    }
    if (scores.length > 0) {
      const unique = [...new Map(scores.map((s) => [s.contract, s])).values()];
      await tx.execute(sql`
        insert into option_scores as s (contract, mode, symbol_id, run_id, momentum, composite)
        select contract, ${run.mode}, ${run.symbolId}::int, ${runId}::int8, m, c
        from unnest(${pgArray(unique.map((s) => s.contract))}::text[], ${pgArray(unique.map((s) => s.momentum))}::float8[],
                    ${pgArray(unique.map((s) => s.composite))}::float8[]) as u(contract, m, c)
        on conflict (contract, mode) do update set
          symbol_id = excluded.symbol_id,
          prev_run_id = case when s.run_id = excluded.run_id then s.prev_run_id else s.run_id end,
          prev_momentum = case when s.run_id = excluded.run_id then s.prev_momentum else s.momentum end,
          prev_composite = case when s.run_id = excluded.run_id then s.prev_composite else s.composite end,
          run_id = excluded.run_id, momentum = excluded.momentum, composite = excluded.composite`);
    }
    // Charts show the latest run's ranks: cached ones are dropped when it commits.
    await notifyDataChanged(tx, { symbolIds: [run.symbolId], timeframes: [] });
    return runId;
  });
}

/**
 * The scores the run with `runKey` smooths against, by contract: each contract's latest scores,
 * or the ones before them when the latest came from this very run (a retry).
 */
export async function previousScores(
  db: Executor,
  symbolId: number,
  mode: RankMode,
  runKey: string,
): Promise<Map<string, { momentum: number; composite: number }>> {
  const rows = await db.execute<{ contract: string; momentum: number | null; composite: number | null }>(sql`
    select s.contract,
           case when s.run_id = r.id then s.prev_momentum else s.momentum end as momentum,
           case when s.run_id = r.id then s.prev_composite else s.composite end as composite
    from option_scores s
    left join option_rank_runs r on r.symbol_id = s.symbol_id and r.mode = s.mode and r.run_key = ${runKey}
    where s.symbol_id = ${symbolId} and s.mode = ${mode}`);
  const out = new Map<string, { momentum: number; composite: number }>();
  for (const r of rows) if (r.momentum !== null && r.composite !== null) out.set(r.contract, { momentum: r.momentum, composite: r.composite });
  return out;
}

type RunRow = {
  id: string | number; symbol_id: number; mode: RankMode; run_at: string; session_date: string; run_key: string;
  trigger: RankRunInput['trigger']; contracts_scored: number; contracts_skipped: number; iv_stale: boolean;
  reference_date: string | null; forecast_id: number | null; duration_ms: number;
};

const toRun = (r: RunRow): RankRun => ({
  id: Number(r.id), symbolId: r.symbol_id, mode: r.mode, runAt: toDate(r.run_at), sessionDate: r.session_date,
  runKey: r.run_key, trigger: r.trigger, contractsScored: r.contracts_scored, contractsSkipped: r.contracts_skipped,
  ivStale: r.iv_stale, referenceDate: r.reference_date, forecastId: r.forecast_id, durationMs: r.duration_ms,
});

/**
 * The latest run of an underlying in a mode and its best `limit` ranks (by position); null when
 * the underlying was never ranked. The ranks all come from that one run.
 */
export async function latestRanks(
  db: Executor,
  symbolId: number,
  mode: RankMode,
  limit: number,
): Promise<{ run: RankRun; ranks: StoredRank[] } | null> {
  const [run] = await db.execute<RunRow>(sql`
    select * from option_rank_runs where symbol_id = ${symbolId} and mode = ${mode} order by run_at desc, id desc limit 1`);
  if (!run) return null;
  const rows = await db.execute<Record<string, unknown>>(sql`
    select ${RANK_COLUMNS} from option_ranks where run_id = ${run.id} order by position limit ${Math.max(0, Math.floor(limit))}`);
  return { run: toRun(run), ranks: rows.map(toRank) };
}

function toRank(r: Record<string, unknown>): StoredRank {
  const n = (k: string) => r[k] as number;
  const nn = (k: string) => r[k] as number | null;
  return {
    position: n('position'), contract: r.contract as string, expiry: r.expiry as string, strike: n('strike'),
    side: r.side as 'call' | 'put', bid: nn('bid'), ask: nn('ask'), mark: nn('mark'), last: nn('last'), volume: nn('volume'),
    openInterest: nn('open_interest'), iv: nn('iv'), delta: nn('delta'), gamma: nn('gamma'), theta: nn('theta'),
    vega: nn('vega'), dte: n('dte'), composite: n('composite'), mlScore: n('ml_score'), momentum: n('momentum'),
    value: n('value'), greeks: n('greeks'), ivRank: n('iv_rank'), spreadPct: n('spread_pct'), volOiRatio: n('vol_oi_ratio'),
    liquidityConfidence: n('liquidity_confidence'), priceMomentum: n('price_momentum'), oiGrowth: n('oi_growth'),
    relativeValue: n('relative_value'), entryDifficulty: n('entry_difficulty'), stability: nn('stability'),
    ivCurveOk: r.iv_curve_ok as boolean, ivDataQuality: n('iv_data_quality'), forecastTilt: n('forecast_tilt'),
    signals: r.signals as string[], imputed: r.imputed as string[],
  };
}

/** Deletes runs (and their ranks) that ran before `before`, keeping each underlying's latest run. */
export async function pruneRankRuns(db: Executor, before: Date): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    with latest as (select distinct on (symbol_id, mode) id from option_rank_runs order by symbol_id, mode, run_at desc, id desc),
    gone as (delete from option_rank_runs where run_at < ${before.toISOString()}::timestamptz
             and id not in (select id from latest) returning 1)
    select count(*)::int as n from gone`);
  return row?.n ?? 0;
}
