import { ensureSymbols, quarantineOptions, upsertOptionQuotes } from '@marketfleet/db';
import { UnrecoverableError } from '@marketfleet/jobs';
import type { IngestDeps } from '../deps';
import { optionContractsScraped, reasonKind } from '../metrics';
import { screenChain } from './screen-chain';

export interface ScrapeRequest {
  symbol: string;
  expirations: number;
  /** The New York session the scrape belongs to. */
  session: string;
  signal?: AbortSignal;
}

export interface ScrapeOutcome {
  provider: string;
  received: number;
  stored: number;
  quarantined: number;
  requests: number;
  fetchedAt: Date;
}

/**
 * Fetches one underlying's chain through the configured provider (the router falls back when one
 * is down), stores the good contracts as latest quotes and quarantines the rest with the reason,
 * in one transaction: a scrape is stored whole or not at all.
 */
export async function scrapeChain(deps: IngestDeps, req: ScrapeRequest): Promise<ScrapeOutcome> {
  const provider = deps.optionChains;
  if (!provider) throw new UnrecoverableError('this worker has no option-chain provider configured');
  const fetchedAt = deps.now();
  const result = await provider.fetchChain({ underlying: req.symbol, expirations: req.expirations, asOf: req.session, signal: req.signal });
  const { quotes, rejected } = screenChain(result.snapshots, req.symbol, req.session);
  const quarantine = [
    ...result.quarantined.map((q) => ({ contract: q.contract, raw: q.raw, reason: q.reason })),
    ...rejected,
  ];
  const symbolId = (await ensureSymbols(deps.db, [req.symbol])).get(req.symbol)!;
  const stored = await deps.db.transaction(async (tx) => {
    await quarantineOptions(tx, quarantine.map((q) => ({ symbolId, provider: result.provider, ...q })));
    return upsertOptionQuotes(tx, { symbolId, provider: result.provider, fetchedAt, quarantined: quarantine.length }, quotes);
  });
  optionContractsScraped.inc({ provider: result.provider, outcome: 'stored' }, quotes.length);
  if (quarantine.length > 0) {
    optionContractsScraped.inc({ provider: result.provider, outcome: 'quarantined' }, quarantine.length);
    const kinds = [...new Set(quarantine.map((q) => reasonKind(q.reason)))];
    deps.logger.warn({ symbol: req.symbol, provider: result.provider, quarantined: quarantine.length, kinds }, 'option contracts quarantined');
  }
  return { provider: result.provider, received: result.snapshots.length + result.quarantined.length, stored, quarantined: quarantine.length, requests: result.requests, fetchedAt };
}
