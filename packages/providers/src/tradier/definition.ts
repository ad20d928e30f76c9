import { z } from 'zod';
import { defineProvider } from '../definition';
import { createTradierOptionChainProvider } from './option-chain-provider';
import { createTradierProvider, type TradierProviderOptions } from './tradier-provider';

/** Tradier timesales and history, and option chains with greeks. */
export const tradierProvider = defineProvider({
  name: 'tradier',
  env: z.object({
    TRADIER_API_URL: z.string().url().default('https://api.tradier.com'),
    TRADIER_TOKEN: z.string().optional(),
  }),
  requiredEnv: ['TRADIER_TOKEN'],
  requiredOptions: ['apiUrl', 'token'],
  requestsPerMinute: 120,
  options: (env): TradierProviderOptions => ({ apiUrl: env.TRADIER_API_URL, token: env.TRADIER_TOKEN! }),
  bars: (o) => createTradierProvider(o),
  chains: (o) => createTradierOptionChainProvider(o),
});
