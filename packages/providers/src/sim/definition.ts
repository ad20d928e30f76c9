import { z } from 'zod';
import { defineProvider } from '../definition';
import { createSimOptionChainProvider } from './sim-option-provider';
import { createSimProvider, type SimProviderOptions } from './sim-provider';
import { createSimReferenceProvider } from './sim-reference-provider';

/** The simulated market: every timeframe, a calendar, corporate actions and option chains, offline. */
export const simProvider = defineProvider({
  name: 'sim',
  env: z.object({ SIM_SEED: z.coerce.number().int().default(1) }),
  requiredEnv: [],
  requiredOptions: [],
  options: (env): SimProviderOptions => ({ seed: env.SIM_SEED }),
  bars: (o) => createSimProvider(o),
  reference: (o) => createSimReferenceProvider(o),
  chains: (o) => createSimOptionChainProvider(o),
});
