import { alpacaProvider } from './alpaca/definition';
import { polygonProvider } from './polygon/definition';
import { simProvider } from './sim/definition';
import { tradierProvider } from './tradier/definition';
import { yahooProvider } from './yahoo/definition';

/** Every provider the fleet can use. Adding one: its folder with a definition, and a line here. */
export const PROVIDERS = [simProvider, alpacaProvider, polygonProvider, yahooProvider, tradierProvider] as const;

export type ProviderDefinitions = (typeof PROVIDERS)[number];
export type ProviderName = ProviderDefinitions['name'];
export type ProviderDefinitionOf<N extends ProviderName> = Extract<ProviderDefinitions, { name: N }>;
/** A provider's own options, as its factory takes them (hooks and clock aside). */
export type ProviderOptionsOf<N extends ProviderName> = ReturnType<ProviderDefinitionOf<N>['options']>;

export const PROVIDER_NAMES: readonly ProviderName[] = PROVIDERS.map((p) => p.name);

export function isProviderName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name);
}

export function providerDefinition<N extends ProviderName>(name: N): ProviderDefinitionOf<N> {
  const def = PROVIDERS.find((p) => p.name === name);
  if (!def) throw new Error(`unknown provider: ${String(name)}`);
  return def as ProviderDefinitionOf<N>;
}
