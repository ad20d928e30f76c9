import { checkChainRequest } from '../options/chain-request';
import type { OptionChainProvider, OptionChainRequest } from '../types';
import { createFallback, type ProviderRouterOptions } from './fallback';

/** One chain provider over several, in priority order, with the bars router's fallback rules. */
export function createOptionChainRouter(providers: OptionChainProvider[], opts: ProviderRouterOptions = {}): OptionChainProvider {
  if (providers.length === 0) throw new RangeError('createOptionChainRouter needs at least one provider');
  const route = createFallback(providers, opts);
  return {
    name: 'router',
    async fetchChain(request: OptionChainRequest) {
      checkChainRequest(request);
      return route((p) => p.fetchChain(request));
    },
  };
}
