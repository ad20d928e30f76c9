import { listWatchlist, optionChainStatuses, symbolTickers } from '@marketfleet/db';
import { optionsRank, type ML_JOBS } from '@marketfleet/jobs';
import { DAILY_HORIZONS, INTRADAY_HORIZONS, type Horizon } from '@marketfleet/ml';
import type { HandlerMap, HandlerResult } from '@marketfleet/runtime';
import { calibrateSeries } from './calibrate';
import type { ForecastDeps } from './deps';
import { updateIvStats } from './options/iv-stats';
import { rankChain } from './options/rank-chain';
import { byTimeframe, forecastSeries, type SeriesOutcome } from './run-forecasts';

/** Intraday forecasts keep coming for this long after the close: the last bars land then. */
const AFTER_CLOSE_MS = 20 * 60_000;

async function symbolsOf(deps: ForecastDeps, payload: { symbols?: string[] }): Promise<string[]> {
  return payload.symbols ?? (await listWatchlist(deps.db)).map((s) => s.ticker);
}

function describe(outcomes: readonly SeriesOutcome[]): HandlerResult {
  const made = outcomes.reduce((n, o) => n + o.made.length, 0);
  const skipped = outcomes.flatMap((o) => o.skipped.map((s) => `${o.symbol} ${s.horizon}: ${s.reason}`));
  if (made === 0 && skipped.length > 0) return { status: 'skipped', detail: skipped.slice(0, 20).join('; ') };
  return { detail: `${made} forecasts` + (skipped.length ? `; skipped ${skipped.slice(0, 20).join('; ')}` : '') };
}

/** Every symbol × timeframe, as many at once as the pool has threads (each fit runs in one). */
async function forecastAll(deps: ForecastDeps, symbols: readonly string[], horizons: readonly Horizon[]): Promise<HandlerResult> {
  if (symbols.length === 0) return { status: 'skipped', detail: 'no symbols' };
  const work = symbols.flatMap((symbol) => [...byTimeframe(horizons)].map(([timeframe, hs]) => () => forecastSeries(deps, symbol, timeframe, hs)));
  const outcomes: SeriesOutcome[] = [];
  let next = 0;
  const lane = async () => {
    while (next < work.length) outcomes.push(await work[next++]!());
  };
  await Promise.all(Array.from({ length: Math.min(deps.pool.size, work.length) }, lane));
  return describe(outcomes.sort((a, b) => a.symbol.localeCompare(b.symbol)));
}

export function mlHandlers(deps: ForecastDeps): HandlerMap<typeof ML_JOBS> {
  return {
    'forecast-daily': async (p) => forecastAll(deps, await symbolsOf(deps, p), p.horizons ?? DAILY_HORIZONS),
    'forecast-intraday': async (p) => {
      const now = deps.now();
      const recent = new Date(now.getTime() - AFTER_CLOSE_MS);
      if (!deps.clock.isOpen(now) && !deps.clock.isOpen(recent)) return { status: 'skipped', detail: 'the market is closed' };
      return forecastAll(deps, await symbolsOf(deps, p), p.horizons ?? INTRADAY_HORIZONS);
    },
    'forecast-calibration': async (p) => {
      const lines: string[] = [];
      for (const symbol of await symbolsOf(deps, p)) {
        for (const h of p.horizons ?? [...DAILY_HORIZONS, ...INTRADAY_HORIZONS]) lines.push(await calibrateSeries(deps, symbol, h));
      }
      return { detail: lines.slice(0, 40).join('; ') || 'no symbols' };
    },
    'options-iv-stats': async (p) => {
      // Every underlying with a stored chain unless some are named: the ranking needs them all.
      const symbols = p.symbols ?? [...(await symbolTickers(deps.db, (await optionChainStatuses(deps.db)).map((s) => s.symbolId))).values()];
      const lines: string[] = [];
      for (const symbol of symbols.sort()) {
        const r = await updateIvStats(deps, symbol, p.session);
        lines.push(r.status === 'updated' ? `${symbol} ${r.atmIv.toFixed(4)} (${r.days} days)` : r.reason);
        await deps.producer.enqueue(optionsRank, { symbol, trigger: 'nightly', session: p.session }, { triggeredBy: 'options-iv-stats' });
      }
      return { detail: lines.slice(0, 40).join('; ') || 'no chains stored' };
    },
    'options-rank': async (p) => {
      const r = await rankChain(deps, p);
      if (r.status === 'skipped') return { status: 'skipped', detail: r.reason };
      return {
        detail: `${p.symbol}: ${r.scored} scored, ${r.skipped} skipped, ${r.selected} kept (run ${r.runId}); reference ${r.referenceDate ?? 'none'}` +
          `${r.ivStale ? ', IV statistics stale' : ''}${r.tilted ? ', forecast tilt' : ''}`,
      };
    },
  };
}
