import { z } from 'zod';
import type { ProviderConfig } from './create-provider';
import type { ProviderHooks } from './types';
import { PROVIDER_NAMES, PROVIDERS, providerDefinition, type ProviderDefinitions, type ProviderName } from './registry';

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type ProvidersShape = UnionToIntersection<ProviderDefinitions['env']['shape']>;

/** Every provider's own variables, each declared in its definition. */
const providersShape = Object.assign({}, ...PROVIDERS.map((p) => p.env.shape)) as ProvidersShape;

/** The provider part of an app's environment: which providers, in what order, and each one's settings. */
export const ProviderEnv = z
  .object({
    /** One provider, or a priority list for the router: `alpaca,polygon,yahoo`. Spaces are ignored. */
    MARKET_DATA_PROVIDER: z
      .string()
      .default('sim')
      .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== '').join(',')),
    /** How long the router skips a provider after an auth or quota failure. */
    PROVIDER_COOLDOWN_MS: z.coerce.number().int().nonnegative().default(60_000),
    ...providersShape,
  })
  .superRefine((env, ctx) => {
    const names = env.MARKET_DATA_PROVIDER.split(',');
    const bad = names.filter((n) => !(PROVIDER_NAMES as readonly string[]).includes(n));
    const path = ['MARKET_DATA_PROVIDER'];
    if (env.MARKET_DATA_PROVIDER === '') ctx.addIssue({ code: 'custom', path, message: 'MARKET_DATA_PROVIDER names no provider' });
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', path, message: `MARKET_DATA_PROVIDER: unknown provider(s) ${bad.join(', ')}; known: ${PROVIDER_NAMES.join(', ')}` });
      return;
    }
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path, message: 'MARKET_DATA_PROVIDER lists a provider twice' });
    const values = env as Record<string, unknown>;
    for (const name of names as ProviderName[]) {
      for (const key of providerDefinition(name).requiredEnv as readonly string[]) {
        if (!values[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when MARKET_DATA_PROVIDER includes ${name}` });
      }
    }
  });
export type ProviderEnv = z.infer<typeof ProviderEnv>;

/** MARKET_DATA_PROVIDER as a priority list (validated by ProviderEnv). */
export function providerNames(env: Pick<ProviderEnv, 'MARKET_DATA_PROVIDER'>): ProviderName[] {
  return env.MARKET_DATA_PROVIDER.split(',') as ProviderName[];
}

/** The providers the environment lists, each with the options its definition reads from it. */
export function providerConfig(env: ProviderEnv, hooks?: ProviderHooks): ProviderConfig {
  const names = providerNames(env);
  const options = Object.fromEntries(
    names.map((n) => [n, (providerDefinition(n).options as (e: ProviderEnv) => object)(env)]),
  ) as Partial<ProviderConfig>;
  return {
    ...options,
    provider: names.length === 1 ? names[0]! : names,
    hooks,
    router: { coolDownMs: env.PROVIDER_COOLDOWN_MS },
  };
}
