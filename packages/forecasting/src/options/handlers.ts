import { optionChainStatuses, symbolTickers } from '@marketfleet/db';
import { optionsRank, type ML_JOBS } from '@marketfleet/jobs';
import type { HandlerMap } from '@marketfleet/runtime';
import type { ForecastDeps } from '../deps';
import { updateIvStats } from './iv-stats';
import { rankChain } from './rank-chain';

/** The option side of the ml queue: ATM IV statistics per underlying, and ranking a chain. */
export function optionHandlers(deps: ForecastDeps): Pick<HandlerMap<typeof ML_JOBS>, 'options-iv-stats' | 'options-rank'> {
  return {
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
