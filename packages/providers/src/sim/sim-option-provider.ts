import { marketClock } from '@marketfleet/market';
import { checkChainRequest } from '../options/chain-request';
import type { OptionChainProvider, OptionChainRequest, OptionChainResult } from '../types';
import { simOptionChain } from './option-chain';
import { simMarket } from './sim-market';
import type { SimProviderOptions } from './sim-provider';

/** The bars provider's options; quotes, like bars, are as of now() at the latest. */
export type SimOptionChainProviderOptions = SimProviderOptions;

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
