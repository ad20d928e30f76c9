import { z } from 'zod';
import type { ProviderConfig } from './create-provider';
import type { ProviderHooks } from './types';

/** The provider part of an app's environment. */
export const ProviderEnv = z
  .object({
    MARKET_DATA_PROVIDER: z.enum(['sim', 'alpaca']).default('sim'),
    SIM_SEED: z.coerce.number().int().default(1),
    ALPACA_DATA_URL: z.string().url().default('https://data.alpaca.markets'),
    ALPACA_TRADING_URL: z.string().url().default('https://api.alpaca.markets'),
    ALPACA_KEY_ID: z.string().optional(),
    ALPACA_SECRET_KEY: z.string().optional(),
    ALPACA_FEED: z.enum(['sip', 'iex']).default('sip'),
    ALPACA_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  })
  .superRefine((env, ctx) => {
    if (env.MARKET_DATA_PROVIDER !== 'alpaca') return;
    for (const key of ['ALPACA_KEY_ID', 'ALPACA_SECRET_KEY'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when MARKET_DATA_PROVIDER=alpaca` });
    }
  });
export type ProviderEnv = z.infer<typeof ProviderEnv>;

export function providerConfig(env: ProviderEnv, hooks?: ProviderHooks): ProviderConfig {
  return {
    provider: env.MARKET_DATA_PROVIDER,
    seed: env.SIM_SEED,
    hooks,
    alpaca:
      env.MARKET_DATA_PROVIDER === 'alpaca'
        ? {
            dataUrl: env.ALPACA_DATA_URL,
            keyId: env.ALPACA_KEY_ID!,
            secret: env.ALPACA_SECRET_KEY!,
            feed: env.ALPACA_FEED,
            timeoutMs: env.ALPACA_TIMEOUT_MS,
          }
        : undefined,
  };
}
