import { createOptionChainProvider } from './create-provider';
import { ProviderRequestError, ProviderUnavailableError } from './errors';
import { createOptionChainRouter } from './router/option-chain-router';
import { createSimOptionChainProvider } from './sim/sim-option-provider';
import type { OptionChainProvider, OptionChainResult } from './types';

const REQ = { underlying: 'AAPL', expirations: 2, asOf: '2024-07-01' };

function stub(name: string, script: (Error | 'ok')[]) {
  const p = {
    name,
    calls: 0,
    async fetchChain(): Promise<OptionChainResult> {
      const step = script[Math.min(p.calls++, script.length - 1)]!;
      if (step !== 'ok') throw step;
      return { provider: name, underlying: 'AAPL', snapshots: [], quarantined: [], requests: 1 };
    },
  };
  return p satisfies OptionChainProvider;
}

describe('createOptionChainProvider', () => {
  it('builds the sim’s chains from the same config as its bars', async () => {
    const p = createOptionChainProvider({ provider: 'sim', sim: { seed: 4 } });
    expect(p.name).toBe('sim');
    expect(await p.fetchChain(REQ)).toEqual(await createSimOptionChainProvider({ seed: 4 }).fetchChain(REQ));
  });

  it('leaves out listed providers without chains, and names those with chains when none is listed', () => {
    expect(createOptionChainProvider({ provider: ['polygon', 'sim'], polygon: { apiUrl: 'http://127.0.0.1:9', apiKey: 'k' } }).name).toBe('sim');
    expect(() => createOptionChainProvider({ provider: 'yahoo', yahoo: { apiUrl: 'http://127.0.0.1:9' } })).toThrow(
      /no provider in \[yahoo\] serves option chains; add one of: sim/,
    );
  });
});

describe('createOptionChainRouter', () => {
  it('moves a chain to the next provider on an outage and lists the failure', async () => {
    const a = stub('a', [new ProviderUnavailableError('a', 'HTTP 503 (after 5 attempts)', { lastStatus: 503 })]);
    const b = stub('b', ['ok']);
    const r = await createOptionChainRouter([a, b]).fetchChain(REQ);
    expect(r.provider).toBe('b');
    expect(r.attempts).toEqual([{ provider: 'a', error: 'ProviderUnavailableError: HTTP 503 (after 5 attempts)' }]);
  });

  it('does not fall back on a request the provider calls wrong, nor on a malformed request', async () => {
    const a = stub('a', [new ProviderRequestError('a', 'invalid underlying', { status: 400 })]);
    const b = stub('b', ['ok']);
    const router = createOptionChainRouter([a, b]);
    await expect(router.fetchChain(REQ)).rejects.toThrow(/invalid underlying/);
    expect(b.calls).toBe(0);
    await expect(router.fetchChain({ ...REQ, expirations: 0 })).rejects.toThrow(/expirations/);
    expect(a.calls).toBe(1);
  });
});
