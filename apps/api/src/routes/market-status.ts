import { findSymbol, pendingCorporateActions, symbolTickers } from '@marketfleet/db';
import { nyDate } from '@marketfleet/market';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { ErrorBody, NotFoundError } from '../errors';
import { QueryTicker } from './params';

const Query = z.object({
  symbol: QueryTicker.optional(),
});

const Response = z.object({
  market: z.object({ isOpen: z.boolean(), nextOpen: z.string(), nextClose: z.string(), timestamp: z.string() }),
  pendingActions: z.array(
    z.object({
      symbol: z.string(),
      type: z.string(),
      exDate: z.string(),
      ratio: z.number().nullable(),
      cashAmount: z.number().nullable(),
    }),
  ),
});

/**
 * GET /v1/market-status[?symbol=] (and the old app's path): the market's state from the
 * market clock (the provider's synced calendar where there is one) and the corporate
 * actions whose ex-date is still ahead — no provider call per request.
 */
export function marketStatusRoutes(deps: AppDeps) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    for (const url of ['/v1/market-status', '/functions/v1/market-status']) {
      typed.get(url, { schema: { querystring: Query, response: { 200: Response, '4xx': ErrorBody, '5xx': ErrorBody } } }, async (req) => {
        const { db } = deps.database;
        const now = deps.now?.() ?? new Date();
        let ids: number[] | undefined;
        if (req.query.symbol) {
          const found = await findSymbol(db, req.query.symbol);
          if (!found) throw new NotFoundError(`Symbol not found: ${req.query.symbol}`);
          ids = [found.id];
        }
        const pending = await pendingCorporateActions(db, nyDate(now), ids);
        const tickers = await symbolTickers(db, [...new Set(pending.map((a) => a.symbolId))]);
        return {
          market: {
            isOpen: deps.clock.isOpen(now),
            nextOpen: deps.clock.nextOpen(now).toISOString(),
            nextClose: deps.clock.nextClose(now).toISOString(),
            timestamp: now.toISOString(),
          },
          pendingActions: pending.map((a) => ({
            symbol: tickers.get(a.symbolId) ?? '?', type: a.type, exDate: a.exDate, ratio: a.ratio, cashAmount: a.cashAmount,
          })),
        };
      });
    }
  };
}
