import type { SharedOptions } from './definition';
import { isProviderName, providerDefinition, PROVIDERS, type ProviderName, type ProviderOptionsOf } from './registry';
import { createOptionChainRouter } from './router/option-chain-router';
import { createProviderRouter, type ProviderRouterOptions } from './router/provider-router';
import type { MarketDataProvider, OptionChainProvider, ReferenceDataProvider } from './types';

/** A provider's options, where hooks and clock given at the top level apply unless set here. */
type Own<O> = Omit<O, keyof SharedOptions> & SharedOptions;

export type ProviderConfig = SharedOptions & {
  /** One provider, or several in priority order behind the router. */
  provider: ProviderName | ProviderName[];
  /** For several providers. */
  router?: ProviderRouterOptions;
} & {
  /** Each listed provider's options (required for those that need any, e.g. `alpaca`). */
  [N in ProviderName]?: Own<ProviderOptionsOf<N>>;
};

export function listedProviders(config: Pick<ProviderConfig, 'provider'>): ProviderName[] {
  return Array.isArray(config.provider) ? config.provider : [config.provider];
}

/** A listed provider's options with the shared hooks and clock, or an error naming what it needs. */
function optionsFor<N extends ProviderName>(name: N, config: ProviderConfig): ProviderOptionsOf<N> & SharedOptions {
  if (!isProviderName(name)) throw new Error(`unknown provider: ${String(name)}`);
  const def = providerDefinition(name);
  const own = config[name] as Own<ProviderOptionsOf<N>> | undefined;
  if (own === undefined && def.requiredOptions.length > 0) {
    throw new Error(`provider '${name}' needs \`${name}\` options (${def.requiredOptions.join(', ')})`);
  }
  return { ...own, hooks: own?.hooks ?? config.hooks, clock: own?.clock ?? config.clock } as ProviderOptionsOf<N> & SharedOptions;
}

// Each definition's factory takes its own options; the union of definitions cannot say so statically.
type Factory = (options: object) => MarketDataProvider | ReferenceDataProvider | OptionChainProvider;

function createOne(name: ProviderName, config: ProviderConfig): MarketDataProvider {
  return (providerDefinition(name).bars as Factory)(optionsFor(name, config)) as MarketDataProvider;
}

/**
 * Picks the provider from config, so apps choose sim or live with one env switch; a list builds
 * the router over them, in that order.
 */
export function createProvider(config: ProviderConfig): MarketDataProvider {
  const names = listedProviders(config);
  if (names.length === 0) throw new Error('createProvider needs at least one provider');
  if (names.length === 1) return createOne(names[0]!, config);
  return createProviderRouter(
    names.map((n) => createOne(n, config)),
    config.router,
  );
}

/**
 * The reference-data provider for the same config: the first listed provider that has a calendar
 * and corporate actions. There is no fallback between them: two calendars that disagree are
 * worse than one that is briefly unavailable.
 */
export function createReferenceProvider(config: ProviderConfig): ReferenceDataProvider {
  const names = listedProviders(config);
  const name = names.find((n) => isProviderName(n) && providerDefinition(n).reference !== undefined);
  if (name === undefined) {
    const serving = PROVIDERS.filter((p) => p.reference !== undefined).map((p) => p.name);
    throw new Error(
      `no provider in [${names.join(', ')}] serves reference data (calendar, corporate actions); add one of: ${serving.join(', ')}`,
    );
  }
  const reference = providerDefinition(name).reference as Factory;
  return reference(optionsFor(name, config)) as ReferenceDataProvider;
}

/**
 * The option-chain provider for the same config: every listed provider that serves chains, in the
 * listed order, behind the router (fallback and cool-down as for bars; the shared hooks, so the
 * fleet-wide quota paces chain requests too). Listed providers without chains are left out.
 */
export function createOptionChainProvider(config: ProviderConfig): OptionChainProvider {
  const names = listedProviders(config).filter((n) => isProviderName(n) && providerDefinition(n).chains !== undefined);
  if (names.length === 0) {
    const serving = PROVIDERS.filter((p) => p.chains !== undefined).map((p) => p.name);
    throw new Error(
      `no provider in [${listedProviders(config).join(', ')}] serves option chains; add one of: ${serving.join(', ')}`,
    );
  }
  const providers = names.map((n) => (providerDefinition(n).chains as Factory)(optionsFor(n, config)) as OptionChainProvider);
  return providers.length === 1 ? providers[0]! : createOptionChainRouter(providers, config.router);
}
