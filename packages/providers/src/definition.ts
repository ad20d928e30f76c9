import type { MarketClock } from '@marketfleet/market';
import type { z } from 'zod';
import type { MarketDataProvider, OptionChainProvider, ProviderHooks, ReferenceDataProvider } from './types';

/** What every factory is given besides its own options. */
export interface SharedOptions {
  hooks?: ProviderHooks;
  clock?: MarketClock;
}

/**
 * Everything the fleet knows about one provider, in its own folder: its name, its part of the
 * environment, what it serves and how it is built. The config parsing, the quota settings, the
 * router's list and the factories are all derived from the list of definitions (`registry.ts`),
 * so adding a provider is one folder and one line there.
 */
export interface ProviderDefinition<N extends string, E extends z.ZodRawShape, O extends object> {
  name: N;
  /** Its environment variables, with their defaults. */
  env: z.ZodObject<E>;
  /** Variables that must be set when MARKET_DATA_PROVIDER lists it. */
  requiredEnv: ReadonlyArray<keyof E & string>;
  /** The options a program must pass to build it, for the error that says they are missing (empty: none). */
  requiredOptions: readonly string[];
  /** Requests a minute its plan allows by default, enforced fleet-wide; absent: not paced. */
  requestsPerMinute?: number;
  /** Its options, read from the parsed environment. */
  options(env: z.infer<z.ZodObject<E>>): O;
  bars(options: O & SharedOptions): MarketDataProvider;
  /** Present when it also serves the calendar and corporate actions. */
  reference?(options: O & SharedOptions): ReferenceDataProvider;
  /** Present when it also serves option chains (`options` above is taken: it reads the environment). */
  chains?(options: O & SharedOptions): OptionChainProvider;
}

export type AnyProviderDefinition = ProviderDefinition<string, z.ZodRawShape, object>;

export function defineProvider<N extends string, E extends z.ZodRawShape, O extends object>(
  def: ProviderDefinition<N, E, O>,
): ProviderDefinition<N, E, O> {
  return def;
}
