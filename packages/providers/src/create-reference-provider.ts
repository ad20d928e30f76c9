import { createAlpacaReferenceProvider } from './alpaca/reference-provider';
import type { ProviderConfig, ProviderName } from './create-provider';
import { createSimReferenceProvider } from './sim/sim-reference-provider';
import type { ReferenceDataProvider } from './types';

/** Providers that have a calendar and corporate actions; the others only serve bars. */
const SERVES_REFERENCE: readonly ProviderName[] = ['sim', 'alpaca'];

/**
 * The reference-data provider for the same config as `createProvider`: the first provider in the
 * priority list that has a calendar and corporate actions. There is no fallback between them:
 * two calendars that disagree are worse than one that is briefly unavailable.
 */
export function createReferenceProvider(config: ProviderConfig): ReferenceDataProvider {
  const names = Array.isArray(config.provider) ? config.provider : [config.provider];
  const name = names.find((n) => SERVES_REFERENCE.includes(n));
  if (name === undefined) {
    throw new Error(
      `no provider in [${names.join(', ')}] serves reference data (calendar, corporate actions); add one of: ${SERVES_REFERENCE.join(', ')}`,
    );
  }
  if (name === 'sim') return createSimReferenceProvider({ seed: config.seed, clock: config.clock });
  const alpaca = config.alpaca;
  if (alpaca === undefined) throw new Error("reference provider 'alpaca' needs `alpaca` options (dataUrl, tradingUrl, keyId, secret)");
  if (alpaca.tradingUrl === undefined) throw new Error("reference provider 'alpaca' needs `alpaca.tradingUrl` (ALPACA_TRADING_URL)");
  return createAlpacaReferenceProvider({
    dataUrl: alpaca.dataUrl,
    tradingUrl: alpaca.tradingUrl,
    keyId: alpaca.keyId,
    secret: alpaca.secret,
    timeoutMs: alpaca.timeoutMs,
    name: alpaca.name,
    hooks: alpaca.hooks ?? config.hooks,
    maxRetries: alpaca.maxRetries,
    retryBaseDelayMs: alpaca.retryBaseDelayMs,
    retryMaxDelayMs: alpaca.retryMaxDelayMs,
    rateLimitBudgetMs: alpaca.rateLimitBudgetMs,
    sleep: alpaca.sleep,
    maxSymbolsPerRequest: alpaca.maxSymbolsPerRequest,
  });
}
