export type {
  Bar,
  BarsRequest,
  BarsResult,
  MarketDataProvider,
  ProviderHooks,
  QuarantinedBar,
  RejectedSymbol,
  ResponseInfo,
  SeriesResult,
} from './types';
export {
  ProviderAuthError,
  ProviderError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderResponseError,
  ProviderUnavailableError,
} from './errors';
export { validateBar } from './bars/validate';
export { aggregateBars, combineBars } from './bars/aggregate';
export { createSimProvider, type SimProviderOptions } from './sim/sim-provider';
export { simMarket, type SimMarket, type SimMarketOptions } from './sim/sim-market';
export { createAlpacaProvider, type AlpacaProviderOptions } from './alpaca/alpaca-provider';
export type { Feed as AlpacaFeed } from './alpaca/transport';
export type { Sleep } from './alpaca/retry';
export { createProvider, type ProviderConfig } from './create-provider';
export { ProviderEnv, providerConfig } from './env';
