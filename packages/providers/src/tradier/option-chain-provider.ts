import type { HttpProviderOptions } from '../http/per-symbol-provider';
import { retryPolicy, type RetryContext } from '../http/retry';
import { checkChainRequest } from '../options/chain-request';
import { checkSnapshot, nearestChain } from '../options/snapshot-check';
import type { OptionChainProvider, OptionChainRequest, OptionChainResult, OptionSnapshot, QuarantinedOption } from '../types';
import { parseChain, parseExpirations, tradierOptionFields } from './option-parse';
import { tradierGet } from './transport';

export interface TradierOptionChainProviderOptions extends HttpProviderOptions {
  apiUrl: string;
  token: string;
}

/**
 * Tradier option chains: the expirations, then one chain with greeks per expiration (ORATS
 * greeks; `mid_iv` as the implied volatility), one request after another like its bars. Adjusted
 * roots are included, so a chain may hold contracts of more than one root.
 */
export function createTradierOptionChainProvider(opts: TradierOptionChainProviderOptions): OptionChainProvider {
  const name = opts.name ?? 'tradier';
  const get = tradierGet(opts);
  const policy = retryPolicy(opts);

  async function fetchChain(req: OptionChainRequest): Promise<OptionChainResult> {
    checkChainRequest(req);
    const ctx: RetryContext = { provider: name, hooks: opts.hooks ?? {}, policy, requests: 0 };
    const symbol = req.underlying;
    const all = await get(ctx, 'v1/markets/options/expirations', { symbol, includeAllRoots: 'true' }, parseExpirations, req.signal);
    const expirations = all.filter((d) => d >= req.asOf).slice(0, req.expirations);
    const snapshots: OptionSnapshot[] = [];
    const quarantined: QuarantinedOption[] = [];
    const kept = new Set<string>();
    for (const expiration of expirations) {
      const rows = await get(ctx, 'v1/markets/options/chains', { symbol, expiration, greeks: 'true' }, parseChain, req.signal);
      for (const row of rows) {
        const read = tradierOptionFields(row);
        if (typeof read === 'string') {
          quarantined.push({ contract: null, raw: row, reason: read });
          continue;
        }
        const checked = checkSnapshot(read.contract, symbol, read.fields, row);
        if (!checked.ok) quarantined.push(checked.rejection);
        else if (kept.has(checked.snapshot.contract)) quarantined.push({ contract: checked.snapshot.contract, raw: row, reason: 'contract sent twice in one chain' });
        else {
          kept.add(checked.snapshot.contract);
          snapshots.push(checked.snapshot);
        }
      }
    }
    return { provider: name, underlying: symbol, snapshots: nearestChain(snapshots, req.asOf, req.expirations), quarantined, requests: ctx.requests };
  }

  return { name, fetchChain };
}
