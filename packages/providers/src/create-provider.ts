import type { MarketClock } from '@marketfleet/market-clock';
import { createAlpacaProvider, type AlpacaProviderOptions } from './alpaca/alpaca-provider';
import { createSimProvider } from './sim/sim-provider';
import type { MarketDataProvider, ProviderHooks } from './types';

export interface ProviderConfig {
  provider: 'sim' | 'alpaca';
  /** Required for 'alpaca'; hooks and clock given at the top level apply unless set here. */
  alpaca?: Omit<AlpacaProviderOptions, 'hooks' | 'clock'> & Partial<Pick<AlpacaProviderOptions, 'hooks' | 'clock'>>;
  /** For 'sim'. */
  seed?: number;
  hooks?: ProviderHooks;
  clock?: MarketClock;
}

/** Picks the provider from config, so apps choose sim or live with one env switch. */
export function createProvider(config: ProviderConfig): MarketDataProvider {
  switch (config.provider) {
    case 'sim':
      return createSimProvider({ seed: config.seed, clock: config.clock });
    case 'alpaca': {
      if (config.alpaca === undefined) throw new Error("provider 'alpaca' needs `alpaca` options (dataUrl, keyId, secret)");
      const { hooks = config.hooks, clock = config.clock, ...rest } = config.alpaca;
      return createAlpacaProvider({ ...rest, hooks, clock });
    }
    default:
      throw new Error(`unknown provider: ${String((config as { provider: unknown }).provider)}`);
  }
}
