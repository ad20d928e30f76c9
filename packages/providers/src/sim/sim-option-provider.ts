import { marketClock, type MarketClock } from '@marketfleet/market';
import { checkChainRequest } from '../options/chain-request';
import type { OptionChainProvider, OptionChainRequest, OptionChainResult } from '../types';
import { simOptionChain } from './option-chain';
import { simMarket, type SimMarket } from './sim-market';

export interface SimOptionChainProviderOptions {
  seed?: number;
  clock?: MarketClock;
  name?: string;
  /** Quotes are as of now() at the latest: the sim never invents the future. */
  now?: () => Date;
  /** Share a market (and its caches) with the bars provider or a fake server. */
  market?: SimMarket;
  /** False: a market without splits (ignored when `market` is given). Default true. */
  splits?: boolean;
}

/** Option chains for any underlying, offline: the simulated listing priced on the simulated market. */
export function createSimOptionChainProvider(opts: SimOptionChainProviderOptions = {}): OptionChainProvider {
  const clock = opts.clock ?? marketClock;
  const market = opts.market ?? simMarket(opts.seed ?? 1, { clock, splits: opts.splits });
  const name = opts.name ?? 'sim';
  const now = opts.now ?? (() => new Date());
  return {
    name,
    async fetchChain(req: OptionChainRequest): Promise<OptionChainResult> {
      checkChainRequest(req);
      req.signal?.throwIfAborted();
      const { snapshots } = simOptionChain({ market, underlying: req.underlying, asOf: req.asOf, expirations: req.expirations, now: now() });
      return { provider: name, underlying: req.underlying, snapshots, quarantined: [], requests: 0 };
    },
  };
}
