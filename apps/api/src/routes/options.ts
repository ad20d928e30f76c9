import { chainOf, findSymbol, latestQuotes, optionChainStatuses, optionExpirations, type Db, type SymbolRef } from '@marketfleet/db';
import { nyDate } from '@marketfleet/market';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppDeps } from '../app';
import { chainAge, markOfQuote, oldestFetch } from '../domain/options-view';
import { latestRanking } from '../domain/options-ranks';
import { BadRequestError, ErrorBody, NotFoundError } from '../errors';
import {
  ChainQuery,
  ChainResponse,
  QuotesBody,
  QuotesQuery,
  QuotesResponse,
  RanksQuery,
  RanksResponse,
  type QuotesRequest,
} from './options-schema';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
/** Expirations named in a 404, so the caller can pick one without a second request. */
const EXPIRATIONS_NAMED = 8;

async function known(db: Db, symbol: string): Promise<SymbolRef> {
  const found = await findSymbol(db, symbol);
  if (!found) throw new NotFoundError(`Symbol not found: ${symbol}`);
  return found;
}

/**
 * The latest stored quotes of up to 120 contracts of one underlying, with the age of the chain's
 * latest scrape. Contracts no stored chain of the underlying holds are listed, not dropped.
 */
async function optionQuotes(deps: AppDeps, req: QuotesRequest): Promise<QuotesResponse> {
  const { db } = deps.database;
  const now = deps.now?.() ?? new Date();
  const { symbol, contracts, expiration } = req;
  if (expiration) {
    const off = contracts.find((c) => c.contract.expiry !== expiration);
    if (off) throw new BadRequestError('contracts', `${off.asked} expires ${off.contract.expiry}, not on the expiration asked (${expiration})`);
  }
  const found = await known(db, symbol);
  const [stored, statuses] = await Promise.all([latestQuotes(db, contracts.map((c) => c.occ)), optionChainStatuses(db, [found.id])]);
  // A contract of another underlying is not this chain's, whatever its root says.
  const byOcc = new Map(stored.filter((q) => q.symbolId === found.id).map((q) => [q.contract, q]));
  const scrapedAt = statuses[0]?.lastScrapedAt ?? null;
  const age = scrapedAt ? chainAge(scrapedAt, now, deps.clock, deps.config.policy.optionsSlaMinutes) : null;
  const quotes: QuotesResponse['quotes'] = [];
  const unknown: string[] = [];
  for (const c of contracts) {
    const q = byOcc.get(c.occ);
    if (!q) {
      unknown.push(c.asked);
      continue;
    }
    quotes.push({
      contract_symbol: c.asked, expiry: q.expiry, strike: q.strike, side: q.side,
      bid: q.bid, ask: q.ask, mark: markOfQuote(q), last: q.last, volume: q.volume, open_interest: q.openInterest,
      implied_vol: q.iv, delta: q.delta, gamma: q.gamma, theta: q.theta, vega: q.vega,
      updated_at: (q.quotedAt ?? q.fetchedAt).toISOString(), fetched_at: q.fetchedAt.toISOString(),
    });
  }
  return {
    symbol: found.ticker,
    timestamp: now.toISOString(),
    chain_timestamp: scrapedAt?.toISOString() ?? null,
    age_seconds: age?.ageSeconds ?? null,
    // Nothing stored is as stale as it gets (the data-health rule).
    is_stale: age?.isStale ?? true,
    total_requested: contracts.length,
    total_returned: quotes.length,
    quotes,
    unknown_contracts: unknown,
  };
}

/** One expiration of an underlying's chain as last scraped; the nearest one by default. */
async function optionChain(deps: AppDeps, q: z.infer<typeof ChainQuery>): Promise<z.infer<typeof ChainResponse>> {
  const { db } = deps.database;
  const now = deps.now?.() ?? new Date();
  const found = await known(db, q.symbol);
  const expirations = (await optionExpirations(db, found.id, nyDate(now))).map((e) => e.expiry);
  const expiration = q.expiration ?? expirations[0];
  if (!expiration) throw new NotFoundError(`No option chain is stored for ${found.ticker} yet`);
  const contracts = expirations.includes(expiration) ? await chainOf(db, found.id, expiration) : [];
  const fetchedAt = oldestFetch(contracts);
  if (!fetchedAt) {
    const named = expirations.slice(0, EXPIRATIONS_NAMED).join(', ') + (expirations.length > EXPIRATIONS_NAMED ? ', …' : '');
    throw new NotFoundError(
      `No ${found.ticker} options expiring ${expiration} are stored` + (expirations.length > 0 ? `; stored expirations: ${named}` : ''),
    );
  }
  const age = chainAge(fetchedAt, now, deps.clock, deps.config.policy.optionsSlaMinutes);
  return {
    symbol: found.ticker,
    expiration,
    expirations,
    fetchedAt: fetchedAt.toISOString(),
    ageSeconds: age.ageSeconds,
    isStale: age.isStale,
    contracts: contracts.map((c) => ({
      contract: c.contract, strike: c.strike, side: c.side, bid: c.bid, ask: c.ask, mark: markOfQuote(c), last: c.last,
      volume: c.volume, openInterest: c.openInterest, impliedVol: c.iv, delta: c.delta, gamma: c.gamma, theta: c.theta,
      vega: c.vega, quotedAt: c.quotedAt?.toISOString() ?? null, fetchedAt: c.fetchedAt.toISOString(),
    })),
  };
}

/**
 * Option chains as stored by the scrapes and rankings: the old app's options-quotes (GET with a
 * comma-separated list, or POST with a JSON one), one expiration's chain, and the latest ranking.
 */
export function optionRoutes(deps: AppDeps) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    for (const url of ['/v1/options-quotes', '/functions/v1/options-quotes']) {
      typed.get(url, { schema: { querystring: QuotesQuery, response: { 200: QuotesResponse, ...errors } } }, (req) => optionQuotes(deps, req.query));
      // A read sent as POST (the old app's JSON body), so app keys may call it.
      typed.post(url, { schema: { body: QuotesBody, response: { 200: QuotesResponse, ...errors } }, config: { appMayCall: true } }, (req) =>
        optionQuotes(deps, req.body),
      );
    }
    typed.get('/v1/options/chain', { schema: { querystring: ChainQuery, response: { 200: ChainResponse, ...errors } } }, (req) =>
      optionChain(deps, req.query),
    );
    typed.get('/v1/options/ranks', { schema: { querystring: RanksQuery, response: { 200: RanksResponse, ...errors } } }, async (req) => {
      const { db } = deps.database;
      const found = await known(db, req.query.symbol);
      const ranking = await latestRanking(db, found.id, req.query.mode, req.query.limit);
      return { symbol: found.ticker, mode: req.query.mode, ...ranking };
    });
  };
}
