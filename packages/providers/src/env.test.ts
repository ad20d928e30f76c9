import { createProvider } from './create-provider';
import { ProviderEnv, providerConfig, providerNames } from './env';

function issues(src: Record<string, string>): string[] {
  const r = ProviderEnv.safeParse(src);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('ProviderEnv', () => {
  it('defaults to the sim and to each API’s public base URL', () => {
    const env = ProviderEnv.parse({});
    expect(env).toMatchObject({
      MARKET_DATA_PROVIDER: 'sim',
      POLYGON_API_URL: 'https://api.polygon.io',
      YAHOO_API_URL: 'https://query1.finance.yahoo.com',
      TRADIER_API_URL: 'https://api.tradier.com',
      PROVIDER_COOLDOWN_MS: 60_000,
    });
    expect(providerNames(env)).toEqual(['sim']);
    expect(createProvider(providerConfig(env)).name).toBe('sim');
  });

  it('reads a priority list, spaces ignored, and builds the router over it', () => {
    const env = ProviderEnv.parse({
      MARKET_DATA_PROVIDER: ' alpaca, polygon ,yahoo',
      ALPACA_KEY_ID: 'k',
      ALPACA_SECRET_KEY: 's',
      POLYGON_API_KEY: 'p',
      PROVIDER_COOLDOWN_MS: '5000',
    });
    expect(providerNames(env)).toEqual(['alpaca', 'polygon', 'yahoo']);
    const config = providerConfig(env);
    expect(config).toMatchObject({
      provider: ['alpaca', 'polygon', 'yahoo'],
      polygon: { apiUrl: 'https://api.polygon.io', apiKey: 'p' },
      yahoo: { apiUrl: 'https://query1.finance.yahoo.com' },
      router: { coolDownMs: 5000 },
    });
    expect(config.tradier).toBeUndefined();
    expect(createProvider(config).name).toBe('router');
  });

  it('builds a single listed provider on its own', () => {
    const env = ProviderEnv.parse({ MARKET_DATA_PROVIDER: 'tradier', TRADIER_TOKEN: 't', TRADIER_API_URL: 'http://127.0.0.1:9' });
    expect(providerConfig(env)).toMatchObject({ provider: 'tradier', tradier: { apiUrl: 'http://127.0.0.1:9', token: 't' } });
    expect(createProvider(providerConfig(env)).name).toBe('tradier');
  });

  it('requires keys only for listed providers, naming the variable', () => {
    expect(issues({ MARKET_DATA_PROVIDER: 'yahoo' })).toEqual([]);
    expect(issues({ MARKET_DATA_PROVIDER: 'polygon,tradier' })).toEqual([
      'POLYGON_API_KEY: POLYGON_API_KEY is required when MARKET_DATA_PROVIDER includes polygon',
      'TRADIER_TOKEN: TRADIER_TOKEN is required when MARKET_DATA_PROVIDER includes tradier',
    ]);
    expect(issues({ MARKET_DATA_PROVIDER: 'alpaca', ALPACA_KEY_ID: 'k' })).toEqual([
      'ALPACA_SECRET_KEY: ALPACA_SECRET_KEY is required when MARKET_DATA_PROVIDER includes alpaca',
    ]);
  });

  it('refuses unknown, repeated and empty provider lists', () => {
    expect(issues({ MARKET_DATA_PROVIDER: 'alpaca,iex' })).toEqual([
      'MARKET_DATA_PROVIDER: MARKET_DATA_PROVIDER: unknown provider(s) iex; known: sim, alpaca, polygon, yahoo, tradier',
    ]);
    expect(issues({ MARKET_DATA_PROVIDER: 'yahoo,yahoo' })).toEqual(['MARKET_DATA_PROVIDER: MARKET_DATA_PROVIDER lists a provider twice']);
    expect(issues({ MARKET_DATA_PROVIDER: ' , ' })[0]).toMatch(/names no provider/);
    expect(issues({ POLYGON_API_URL: 'not a url' })[0]).toMatch(/^POLYGON_API_URL/);
  });
});
