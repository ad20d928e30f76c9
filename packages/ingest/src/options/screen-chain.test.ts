import type { OptionSnapshot } from '@marketfleet/providers';
import { screenChain } from './screen-chain';

const snap = (over: Partial<OptionSnapshot> = {}): OptionSnapshot => ({
  contract: 'AAPL240216C00190000', underlying: 'AAPL', root: 'AAPL', expiry: '2024-02-16', strike: 190, side: 'call',
  bid: 1, ask: 1.2, volume: 5, openInterest: 50, iv: 0.3, ...over,
});

describe('screenChain', () => {
  test('good contracts pass, empty snapshots and adjusted roots included', () => {
    const { quotes, rejected } = screenChain(
      [snap(), snap({ contract: 'AAPL1240216C00190000', root: 'AAPL1', bid: undefined, ask: undefined, iv: undefined, volume: undefined })],
      'AAPL',
      '2024-01-10',
    );
    expect(rejected).toEqual([]);
    expect(quotes.map((q) => [q.contract, q.root, q.bid ?? null])).toEqual([['AAPL240216C00190000', 'AAPL', 1], ['AAPL1240216C00190000', 'AAPL1', null]]);
  });

  test.each([
    [{ bid: 2, ask: 1 }, 'crossed quote: bid 2 > ask 1'],
    [{ bid: -0.1 }, 'negative bid: -0.1'],
    [{ openInterest: -3 }, 'negative openInterest: -3'],
    [{ iv: Number.NaN }, 'iv not a finite number'],
    [{ strike: 0 }, 'strike not positive'],
    [{ expiry: '2024-01-05' }, 'expired: 2024-01-05'],
    [{ underlying: 'MSFT' }, 'contract of another underlying: MSFT'],
  ] as const)('%j is quarantined (%s), never stored', (over, reason) => {
    const { quotes, rejected } = screenChain([snap(over as Partial<OptionSnapshot>)], 'AAPL', '2024-01-10');
    expect(quotes).toEqual([]);
    expect(rejected).toEqual([expect.objectContaining({ contract: 'AAPL240216C00190000', reason })]);
  });
});
