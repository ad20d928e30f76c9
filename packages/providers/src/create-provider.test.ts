import { nyWallTime } from '@marketfleet/market';
import { createProvider } from './create-provider';
import { createSimProvider } from './sim/sim-provider';

describe('createProvider', () => {
  it('builds the sim from a seed, identical to createSimProvider', async () => {
    const req = { symbols: ['AAPL'], timeframes: ['d1' as const], from: nyWallTime('2024-07-01', '00:00'), to: nyWallTime('2024-07-06', '00:00') };
    const p = createProvider({ provider: 'sim', sim: { seed: 4 } });
    expect(p.name).toBe('sim');
    expect(await p.fetchBars(req)).toEqual(await createSimProvider({ seed: 4 }).fetchBars(req));
  });

  it('builds the Alpaca provider without touching the network, and insists on its options', () => {
    const p = createProvider({ provider: 'alpaca', alpaca: { dataUrl: 'http://127.0.0.1:9', keyId: 'k', secret: 's' } });
    expect(p.name).toBe('alpaca');
    expect(() => createProvider({ provider: 'alpaca' })).toThrow(/needs `alpaca` options/);
    expect(() => createProvider({ provider: 'nasdaq' as 'sim' })).toThrow(/unknown provider/);
  });

  it('rejects malformed requests before doing any work', async () => {
    const p = createProvider({ provider: 'sim' });
    const from = new Date('2024-07-01T00:00:00Z');
    await expect(p.fetchBars({ symbols: ['A'], timeframes: ['m5' as 'm15'], from, to: from })).rejects.toThrow(/unknown timeframe/);
    await expect(p.fetchBars({ symbols: [''], timeframes: ['m15'], from, to: from })).rejects.toThrow(/empty symbol/);
    await expect(p.fetchBars({ symbols: ['A'], timeframes: ['m15'], from: new Date('x'), to: from })).rejects.toThrow(/invalid `from`/);
  });
});

describe('createProvider with the new providers', () => {
  it('builds each one without touching the network, and insists on its options', () => {
    expect(createProvider({ provider: 'polygon', polygon: { apiUrl: 'http://127.0.0.1:9', apiKey: 'k' } }).name).toBe('polygon');
    expect(createProvider({ provider: 'yahoo', yahoo: { apiUrl: 'http://127.0.0.1:9' } }).name).toBe('yahoo');
    expect(createProvider({ provider: 'tradier', tradier: { apiUrl: 'http://127.0.0.1:9', token: 't' } }).name).toBe('tradier');
    expect(() => createProvider({ provider: 'polygon' })).toThrow(/needs `polygon` options \(apiUrl, apiKey\)/);
    expect(() => createProvider({ provider: ['sim', 'tradier'] })).toThrow(/needs `tradier` options/);
    expect(() => createProvider({ provider: [] })).toThrow(/at least one/);
  });

  it('puts a list behind the router, which answers from the first provider that can', async () => {
    const req = { symbols: ['AAPL'], timeframes: ['d1' as const], from: nyWallTime('2024-07-01', '00:00'), to: nyWallTime('2024-07-06', '00:00') };
    const p = createProvider({ provider: ['sim', 'yahoo'], sim: { seed: 4 }, yahoo: { apiUrl: 'http://127.0.0.1:9' } });
    expect(p.name).toBe('router');
    const got = await p.fetchBars(req);
    expect(got).toEqual({ ...(await createSimProvider({ seed: 4 }).fetchBars(req)), attempts: [] });
  });
});
