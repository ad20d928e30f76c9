import { ensureSymbols, listWatchlist } from '@marketfleet/db';
import type { Handler, qualityCheck } from '@marketfleet/jobs';
import { TIMEFRAMES } from '@marketfleet/market-clock';
import type { IngestDeps } from '../deps';
import { DEFAULT_QUALITY_CONFIG, explainNothing, type ExplainJump, type QualityConfig } from '../quality/config';
import { runQualityCheck } from '../quality/run-check';

export interface QualityOptions {
  config?: QualityConfig;
  /** Corporate actions that explain price jumps; none until they are ingested. */
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
    const cfg = opts.config ?? DEFAULT_QUALITY_CONFIG;
    const tickers = p.symbols ?? (await listWatchlist(deps.db)).map((s) => s.ticker);
    if (tickers.length === 0) return { status: 'skipped', detail: 'no symbols' };
    const out = await runQualityCheck(
      deps,
      { symbols: await ensureSymbols(deps.db, tickers), timeframes: p.timeframes ?? TIMEFRAMES, sessions: p.days ?? cfg.sessions },
      cfg,
      opts.explain ?? explainNothing,
    );
    const kinds = Object.entries(out.byKind).map(([kind, n]) => `${kind} ${n}`);
    return {
      detail:
        `${tickers.length} symbols: ${kinds.length ? kinds.join(', ') : 'no findings'}, ${out.resolved} resolved; ` +
        `${out.repairsQueued} repairs queued (${out.repairsSkipped} pending or spent); ` +
        `alerts ${out.alertsRaised} raised, ${out.alertsResolved} resolved`,
    };
  };
