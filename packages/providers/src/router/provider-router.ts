import { normalizeRequest } from '../request';
import type { BarsRequest, MarketDataProvider } from '../types';
import { createFallback, type ProviderRouterOptions } from './fallback';

export type { FallbackInfo, ProviderRouterOptions } from './fallback';

/** One bars provider over several, in priority order (see createFallback for what falls through). */
export function createProviderRouter(providers: MarketDataProvider[], opts: ProviderRouterOptions = {}): MarketDataProvider {
  if (providers.length === 0) throw new RangeError('createProviderRouter needs at least one provider');
  const route = createFallback(providers, opts);
  return {
    name: 'router',
    async fetchBars(request: BarsRequest) {
      // A malformed request fails here, before any provider is asked.
      normalizeRequest(request);
      return route((p) => p.fetchBars(request));
    },
  };
}
