import type { MarketClock } from '@marketfleet/market';
import { createAlpacaProvider, type AlpacaProviderOptions } from './alpaca/alpaca-provider';
import { createPolygonProvider, type PolygonProviderOptions } from './polygon/polygon-provider';
import { createProviderRouter, type ProviderRouterOptions } from './router/provider-router';
import { createSimProvider } from './sim/sim-provider';
import { createTradierProvider, type TradierProviderOptions } from './tradier/tradier-provider';
import { createYahooProvider, type YahooProviderOptions } from './yahoo/yahoo-provider';
import type { MarketDataProvider, ProviderHooks } from './types';

export type ProviderName = 'sim' | 'alpaca' | 'polygon' | 'yahoo' | 'tradier';

/** A provider's options, where hooks and clock given at the top level apply unless set here. */
type Own<O extends { hooks?: ProviderHooks; clock?: MarketClock }> = Omit<O, 'hooks' | 'clock'> & Partial<Pick<O, 'hooks' | 'clock'>>;

export interface ProviderConfig {
  /** One provider, or several in priority order behind the router. */
  provider: ProviderName | ProviderName[];
  /** Required when 'alpaca' is named; `tradingUrl` (the calendar's host) only for reference data. */
  alpaca?: Own<AlpacaProviderOptions> & { tradingUrl?: string };
  /** Required when 'polygon' is named. */
  polygon?: Own<PolygonProviderOptions>;
  /** Required when 'yahoo' is named. */
  yahoo?: Own<YahooProviderOptions>;
  /** Required when 'tradier' is named. */
  tradier?: Own<TradierProviderOptions>;
  /** For 'sim'. */
  seed?: number;
  hooks?: ProviderHooks;
  clock?: MarketClock;
  /** For several providers. */
  router?: ProviderRouterOptions;
}

const NEEDS: Record<Exclude<ProviderName, 'sim'>, string> = {
  alpaca: 'dataUrl, keyId, secret',
  polygon: 'apiUrl, apiKey',
  yahoo: 'apiUrl',
  tradier: 'apiUrl, token',
};

function createOne(name: ProviderName, config: ProviderConfig): MarketDataProvider {
  if (name === 'sim') return createSimProvider({ seed: config.seed, clock: config.clock });
  if (!(name in NEEDS)) throw new Error(`unknown provider: ${String(name)}`);
  const own = config[name];
  if (own === undefined) throw new Error(`provider '${name}' needs \`${name}\` options (${NEEDS[name]})`);
  const shared = { hooks: own.hooks ?? config.hooks, clock: own.clock ?? config.clock };
  switch (name) {
    case 'alpaca':
      return createAlpacaProvider({ ...config.alpaca!, ...shared });
    case 'polygon':
      return createPolygonProvider({ ...config.polygon!, ...shared });
    case 'yahoo':
      return createYahooProvider({ ...config.yahoo!, ...shared });
    case 'tradier':
      return createTradierProvider({ ...config.tradier!, ...shared });
  }
}

/**
 * Picks the provider from config, so apps choose sim or live with one env switch; a list builds
 * the router over them, in that order.
 */
export function createProvider(config: ProviderConfig): MarketDataProvider {
  const names = Array.isArray(config.provider) ? config.provider : [config.provider];
  if (names.length === 0) throw new Error('createProvider needs at least one provider');
  if (names.length === 1) return createOne(names[0]!, config);
  return createProviderRouter(
    names.map((n) => createOne(n, config)),
    config.router,
  );
}
