export type {
  BarsRequest,
  BarsResult,
  CorporateAction,
  CorporateActionsRequest,
  MarketDataProvider,
  OptionChainProvider,
  OptionChainRequest,
  OptionChainResult,
  OptionSnapshot,
  ProviderAttempt,
  ProviderHooks,
  QuarantinedBar,
  QuarantinedOption,
  RejectedSymbol,
  ReferenceDataProvider,
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
export { aggregateBars, combineBars } from './bars/aggregate';
export { createSimProvider, type SimProviderOptions } from './sim/sim-provider';
export { simMarket, type SimMarket, type SimMarketOptions } from './sim/sim-market';
export type { SimActionType, SimCorporateAction } from './sim/corporate-actions';
export { createSimOptionChainProvider, type SimOptionChainProviderOptions } from './sim/sim-option-provider';
export { createSimReferenceProvider, type SimReferenceProviderOptions } from './sim/sim-reference-provider';
export { createAlpacaReferenceProvider, type AlpacaReferenceProviderOptions } from './alpaca/reference-provider';
export { createAlpacaProvider, type AlpacaProviderOptions } from './alpaca/alpaca-provider';
export type { Feed as AlpacaFeed } from './alpaca/transport';
export { createPolygonProvider, type PolygonProviderOptions } from './polygon/polygon-provider';
export { createYahooProvider, type YahooProviderOptions } from './yahoo/yahoo-provider';
export { createTradierProvider, type TradierProviderOptions } from './tradier/tradier-provider';
export { createTradierOptionChainProvider, type TradierOptionChainProviderOptions } from './tradier/option-chain-provider';
export {
  createAlpacaOptionChainProvider,
  type AlpacaOptionChainProviderOptions,
  type OptionsFeed as AlpacaOptionsFeed,
} from './alpaca/option-chain-provider';
export type { HttpProviderOptions } from './http/per-symbol-provider';
export type { Sleep } from './http/retry';
export { createProviderRouter, type FallbackInfo, type ProviderRouterOptions } from './router/provider-router';
export { createOptionChainRouter } from './router/option-chain-router';
export { MAX_CHAIN_EXPIRATIONS } from './options/chain-request';
export { createOptionChainProvider, createProvider, createReferenceProvider, type ProviderConfig } from './create-provider';
export { defineProvider, type ProviderDefinition, type SharedOptions } from './definition';
export { PROVIDER_NAMES, PROVIDERS, type ProviderName } from './registry';
export { ProviderEnv, providerConfig, providerNames } from './env';
export { QuotaEnv, createFleetQuota, quotaLimits, type FleetQuotaOptions, type QuotaStore } from './quota';
