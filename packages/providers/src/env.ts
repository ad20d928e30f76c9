import { z } from 'zod';
import type { ProviderConfig, ProviderName } from './create-provider';
import type { ProviderHooks } from './types';

export const PROVIDER_NAMES: readonly ProviderName[] = ['sim', 'alpaca', 'polygon', 'yahoo', 'tradier'];

// Credentials each provider needs; checked only for providers in MARKET_DATA_PROVIDER.
const REQUIRED = {
  sim: [],
  alpaca: ['ALPACA_KEY_ID', 'ALPACA_SECRET_KEY'],
  polygon: ['POLYGON_API_KEY'],
  yahoo: [],
  tradier: ['TRADIER_TOKEN'],
} as const satisfies Record<ProviderName, readonly string[]>;

/** The provider part of an app's environment. */
export const ProviderEnv = z
  .object({
    /** One provider, or a priority list for the router: `alpaca,polygon,yahoo`. Spaces are ignored. */
    MARKET_DATA_PROVIDER: z
      .string()
      .default('sim')
      .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== '').join(',')),
    SIM_SEED: z.coerce.number().int().default(1),
    ALPACA_DATA_URL: z.string().url().default('https://data.alpaca.markets'),
    ALPACA_TRADING_URL: z.string().url().default('https://api.alpaca.markets'),
    ALPACA_KEY_ID: z.string().optional(),
    ALPACA_SECRET_KEY: z.string().optional(),
    ALPACA_FEED: z.enum(['sip', 'iex']).default('sip'),
    ALPACA_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    POLYGON_API_URL: z.string().url().default('https://api.polygon.io'),
    POLYGON_API_KEY: z.string().optional(),
    YAHOO_API_URL: z.string().url().default('https://query1.finance.yahoo.com'),
    TRADIER_API_URL: z.string().url().default('https://api.tradier.com'),
    TRADIER_TOKEN: z.string().optional(),
    /** How long the router skips a provider after an auth or quota failure. */
    PROVIDER_COOLDOWN_MS: z.coerce.number().int().nonnegative().default(60_000),
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
    for (const name of names as ProviderName[]) {
      for (const key of REQUIRED[name]) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when MARKET_DATA_PROVIDER includes ${name}` });
      }
    }
  });
export type ProviderEnv = z.infer<typeof ProviderEnv>;

/** MARKET_DATA_PROVIDER as a priority list (validated by ProviderEnv). */
export function providerNames(env: Pick<ProviderEnv, 'MARKET_DATA_PROVIDER'>): ProviderName[] {
  return env.MARKET_DATA_PROVIDER.split(',') as ProviderName[];
}

export function providerConfig(env: ProviderEnv, hooks?: ProviderHooks): ProviderConfig {
  const names = providerNames(env);
  const uses = (n: ProviderName) => names.includes(n);
  return {
    provider: names.length === 1 ? names[0]! : names,
    seed: env.SIM_SEED,
    hooks,
    alpaca: uses('alpaca')
      ? {
          dataUrl: env.ALPACA_DATA_URL,
          tradingUrl: env.ALPACA_TRADING_URL,
          keyId: env.ALPACA_KEY_ID!,
          secret: env.ALPACA_SECRET_KEY!,
          feed: env.ALPACA_FEED,
          timeoutMs: env.ALPACA_TIMEOUT_MS,
        }
      : undefined,
    polygon: uses('polygon') ? { apiUrl: env.POLYGON_API_URL, apiKey: env.POLYGON_API_KEY! } : undefined,
    yahoo: uses('yahoo') ? { apiUrl: env.YAHOO_API_URL } : undefined,
    tradier: uses('tradier') ? { apiUrl: env.TRADIER_API_URL, token: env.TRADIER_TOKEN! } : undefined,
    router: { coolDownMs: env.PROVIDER_COOLDOWN_MS },
  };
}
