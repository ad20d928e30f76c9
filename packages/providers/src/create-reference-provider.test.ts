import { createReferenceProvider } from './create-provider';
import { ProviderEnv, providerConfig } from './env';
import { createSimReferenceProvider } from './sim/sim-reference-provider';

const ALPACA = { dataUrl: 'http://127.0.0.1:9', tradingUrl: 'http://127.0.0.1:9', keyId: 'k', secret: 's' };

describe('createReferenceProvider', () => {
  it('builds the sim from a seed, identical to createSimReferenceProvider', async () => {
    const p = createReferenceProvider({ provider: 'sim', sim: { seed: 4 } });
    expect(p.name).toBe('sim');
    expect(await p.getCalendar('2024-07-01', '2024-07-08')).toEqual(await createSimReferenceProvider({ seed: 4 }).getCalendar('2024-07-01', '2024-07-08'));
    const req = { symbols: ['AAPL', 'IBM'], from: '2010-01-01', to: '2020-12-31' };
    expect(await p.getCorporateActions(req)).toEqual(await createSimReferenceProvider({ seed: 4 }).getCorporateActions(req));
  });

  it('takes the first provider of a list that has reference data', () => {
    expect(createReferenceProvider({ provider: ['polygon', 'alpaca', 'sim'], alpaca: ALPACA }).name).toBe('alpaca');
    expect(createReferenceProvider({ provider: ['yahoo', 'sim', 'alpaca'], alpaca: ALPACA }).name).toBe('sim');
    expect(createReferenceProvider({ provider: 'alpaca', alpaca: { ...ALPACA, name: 'alpaca-paper' } }).name).toBe('alpaca-paper');
  });

  it('says clearly when none can, or when Alpaca lacks its options', () => {
    expect(() => createReferenceProvider({ provider: ['polygon', 'yahoo'] })).toThrow(
      'no provider in [polygon, yahoo] serves reference data (calendar, corporate actions); add one of: sim, alpaca',
    );
    expect(() => createReferenceProvider({ provider: 'alpaca' })).toThrow(/needs `alpaca` options/);
    const { tradingUrl: _, ...withoutTrading } = ALPACA;
    expect(() => createReferenceProvider({ provider: 'alpaca', alpaca: withoutTrading })).toThrow(/ALPACA_TRADING_URL/);
  });

  it('is built from the same environment as the bar provider', () => {
    const env = ProviderEnv.parse({ MARKET_DATA_PROVIDER: 'tradier,alpaca', TRADIER_TOKEN: 't', ALPACA_KEY_ID: 'k', ALPACA_SECRET_KEY: 's', ALPACA_TRADING_URL: 'http://127.0.0.1:9/' });
    const config = providerConfig(env);
    expect(config.alpaca).toMatchObject({ tradingUrl: 'http://127.0.0.1:9/', dataUrl: 'https://data.alpaca.markets' });
    expect(createReferenceProvider(config).name).toBe('alpaca');
    expect(createReferenceProvider(providerConfig(ProviderEnv.parse({}))).name).toBe('sim');
  });
});
