import { HORIZONS, type Horizon } from '@marketfleet/ml';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { mlDashboard } from '../domain/ml-dashboard';
import { ErrorBody } from '../errors';
import { MlDashboardResponse } from './ml-dashboard-schema';
import { QueryTicker, queryInt } from './params';

/** Two years of sessions: the performance history is kept for longer, but a wider window says little more. */
export const MAX_DASHBOARD_SESSIONS = 504;

const Query = z.object({
  symbol: QueryTicker.optional().describe('one symbol’s figures instead of all symbols’'),
  horizon: z
    .enum(HORIZONS as [Horizon, ...Horizon[]], { error: `must be one of ${HORIZONS.join(', ')}` })
    .optional()
    .describe('one horizon instead of all'),
  days: queryInt(1, MAX_DASHBOARD_SESSIONS).default(90).describe('the window: this many market sessions up to today'),
});

/** GET /v1/ml-dashboard (and the old app's path): live skill, calibration, weights, drift and freshness. */
export function mlDashboardRoutes(deps: AppDeps) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const schema = { querystring: Query, response: { 200: MlDashboardResponse, '4xx': ErrorBody, '5xx': ErrorBody } };
    for (const url of ['/v1/ml-dashboard', '/functions/v1/ml-dashboard']) {
      typed.get(url, { schema }, (req) =>
        mlDashboard(
          { database: deps.database, clock: deps.clock, slaMinutes: deps.config.policy.slaMinutes, now: deps.now?.() ?? new Date() },
          req.query,
        ),
      );
    }
  };
}
