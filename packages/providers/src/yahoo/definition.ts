import { z } from 'zod';
import { defineProvider } from '../definition';
import { createYahooProvider, type YahooProviderOptions } from './yahoo-provider';

/** Yahoo's chart endpoint: no key. */
export const yahooProvider = defineProvider({
  name: 'yahoo',
  env: z.object({ YAHOO_API_URL: z.string().url().default('https://query1.finance.yahoo.com') }),
  requiredEnv: [],
  requiredOptions: ['apiUrl'],
  requestsPerMinute: 60,
  options: (env): YahooProviderOptions => ({ apiUrl: env.YAHOO_API_URL }),
  bars: (o) => createYahooProvider(o),
});
