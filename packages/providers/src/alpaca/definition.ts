import { z } from 'zod';
import { defineProvider } from '../definition';
import { createAlpacaProvider, type AlpacaProviderOptions } from './alpaca-provider';
import { createAlpacaOptionChainProvider, type OptionsFeed } from './option-chain-provider';
import { createAlpacaReferenceProvider } from './reference-provider';

type Options = AlpacaProviderOptions & {
  /** The trading host (calendar, clock): needed for reference data only. */
  tradingUrl?: string;
  /** The option feed; unset leaves Alpaca's default (opra with a subscription, else indicative). */
  optionsFeed?: OptionsFeed;
};

/** Alpaca market data: bars and option chains from the data host, calendar and corporate actions from both hosts. */
export const alpacaProvider = defineProvider({
  name: 'alpaca',
  env: z.object({
    ALPACA_DATA_URL: z.string().url().default('https://data.alpaca.markets'),
    ALPACA_TRADING_URL: z.string().url().default('https://api.alpaca.markets'),
    ALPACA_KEY_ID: z.string().optional(),
    ALPACA_SECRET_KEY: z.string().optional(),
    ALPACA_FEED: z.enum(['sip', 'iex']).default('sip'),
    ALPACA_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    ALPACA_OPTIONS_FEED: z.enum(['opra', 'indicative']).optional(),
  }),
  requiredEnv: ['ALPACA_KEY_ID', 'ALPACA_SECRET_KEY'],
  requiredOptions: ['dataUrl', 'keyId', 'secret'],
  requestsPerMinute: 200,
  options: (env): Options => ({
    dataUrl: env.ALPACA_DATA_URL,
    tradingUrl: env.ALPACA_TRADING_URL,
    keyId: env.ALPACA_KEY_ID!,
    secret: env.ALPACA_SECRET_KEY!,
    feed: env.ALPACA_FEED,
    timeoutMs: env.ALPACA_TIMEOUT_MS,
    optionsFeed: env.ALPACA_OPTIONS_FEED,
  }),
  bars: ({ tradingUrl: _tradingUrl, optionsFeed: _optionsFeed, ...o }) => createAlpacaProvider(o),
  chains: ({ tradingUrl: _tradingUrl, feed: _feed, now: _now, ...o }) => createAlpacaOptionChainProvider(o),
  reference: ({ tradingUrl, clock: _clock, feed: _feed, now: _now, optionsFeed: _optionsFeed, ...o }) => {
    if (tradingUrl === undefined) throw new Error("reference provider 'alpaca' needs `alpaca.tradingUrl` (ALPACA_TRADING_URL)");
    return createAlpacaReferenceProvider({ ...o, tradingUrl });
  },
});
