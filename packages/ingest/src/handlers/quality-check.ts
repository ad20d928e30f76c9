import { corporateActionDays, ensureSymbols, listWatchlist } from '@marketfleet/db';
import type { qualityCheck } from '@marketfleet/jobs';
import { TIMEFRAMES } from '@marketfleet/market';
import type { IngestDeps } from '../deps';
import { qualityConfig, type ExplainJump, type QualityConfig } from '../quality/config';
import { runQualityCheck } from '../quality/run-check';
import type { Handler } from '@marketfleet/runtime';

export interface QualityOptions {
  config?: QualityConfig;
  /** What explains a price jump; by default, any stored corporate action of that symbol on that session. */
  explain?: ExplainJump;
}

/**
 * Checks the watchlist (or the payload's symbols) over the latest sessions, records
 * findings and alerts, and queues repairs for gaps. Queued repairs have deterministic ids,
 * so a check running again before they ran adds none.
 */
export const handleQualityCheck =
  (deps: IngestDeps, opts: QualityOptions = {}): Handler<typeof qualityCheck> =>
  async (p) => {
    const cfg = opts.config ?? qualityConfig(deps.policy);
    const tickers = p.symbols ?? (await listWatchlist(deps.db)).map((s) => s.ticker);
    if (tickers.length === 0) return { status: 'skipped', detail: 'no symbols' };
    const symbols = await ensureSymbols(deps.db, tickers);
    const tickerOf = new Map([...symbols].map(([ticker, id]) => [id, ticker]));
    const actionDays = new Set((await corporateActionDays(deps.db, [...symbols.values()])).map((a) => `${tickerOf.get(a.symbolId)}|${a.exDate}`));
    const out = await runQualityCheck(
      deps,
      { symbols, timeframes: p.timeframes ?? TIMEFRAMES, sessions: p.days ?? cfg.sessions },
      cfg,
      opts.explain ?? ((symbol, sessionDate) => actionDays.has(`${symbol}|${sessionDate}`)),
    );
    const kinds = Object.entries(out.byKind).map(([kind, n]) => `${kind} ${n}`);
    return {
      detail:
        `${tickers.length} symbols: ${kinds.length ? kinds.join(', ') : 'no findings'}, ${out.resolved} resolved; ` +
        `${out.repairsQueued} repairs queued (${out.repairsSkipped} pending or spent); ` +
        `${out.actionSyncsQueued} corporate-action syncs queued for split-sized jumps; ` +
        `alerts ${out.alertsRaised} raised, ${out.alertsResolved} resolved`,
    };
  };
