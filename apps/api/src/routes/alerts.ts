import { FINDING_KINDS, findSymbol, listAlerts, listFindings } from '@marketfleet/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { ErrorBody, NotFoundError } from '../errors';
import { QueryTicker, QueryTimeframe, queryInt } from './params';

/** Alerts answered at most, most recently seen first. */
export const ALERTS_LIMIT = 500;
/** Findings per page: the default, and the most a `limit` may ask for. */
export const FINDINGS_PAGE = { default: 100, max: 500 } as const;

const Status = z.enum(['open', 'all'], { error: "must be 'open' or 'all'" }).default('open');

const count = (name: string, min: number, max: number) => queryInt(min, max).describe(name);

export const AlertsQuery = z.object({ status: Status });

export const FindingsQuery = z.object({
  symbol: QueryTicker.optional(),
  timeframe: QueryTimeframe.optional(),
  kind: z.enum(FINDING_KINDS, { error: `must be one of ${FINDING_KINDS.join(', ')}` }).optional(),
  status: Status,
  limit: count('findings per page', 1, FINDINGS_PAGE.max).default(FINDINGS_PAGE.default),
  offset: count('findings to skip', 0, 1_000_000).default(0),
});

const Detail = z.record(z.string(), z.unknown());

export const AlertsResponse = z.object({
  alerts: z.array(
    z.object({
      id: z.number().int(),
      key: z.string(),
      kind: z.string(),
      severity: z.string(),
      message: z.string(),
      detail: Detail,
      occurrences: z.number().int().min(1),
      firstSeenAt: z.string(),
      lastSeenAt: z.string(),
      resolvedAt: z.string().nullable(),
    }),
  ),
});

export const FindingsResponse = z.object({
  findings: z.array(
    z.object({
      id: z.number().int(),
      symbol: z.string().nullable(),
      timeframe: z.string().nullable(),
      sessionDate: z.string().nullable(),
      kind: z.string(),
      detail: Detail,
      firstSeenAt: z.string(),
      lastSeenAt: z.string(),
      resolvedAt: z.string().nullable(),
    }),
  ),
  limit: z.number().int(),
  offset: z.number().int(),
  /** The offset of the next page; null on the last one. */
  nextOffset: z.number().int().nullable(),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * GET /v1/alerts (open problems, one per key) and GET /v1/quality-findings (what the
 * data-quality check found, paged): both read what the check recorded.
 */
export function alertRoutes(deps: Pick<AppDeps, 'database'>) {
  const { db } = deps.database;
  return async function routes(app: FastifyInstance): Promise<void> {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

    typed.get('/v1/alerts', { schema: { querystring: AlertsQuery, response: { 200: AlertsResponse, ...errors } } }, async (req) => {
      const rows = await listAlerts(db, { all: req.query.status === 'all', limit: ALERTS_LIMIT });
      return {
        alerts: rows.map((a) => ({ ...a, firstSeenAt: iso(a.firstSeenAt)!, lastSeenAt: iso(a.lastSeenAt)!, resolvedAt: iso(a.resolvedAt) })),
      };
    });

    typed.get(
      '/v1/quality-findings',
      { schema: { querystring: FindingsQuery, response: { 200: FindingsResponse, ...errors } } },
      async (req) => {
        const q = req.query;
        const symbol = q.symbol === undefined ? undefined : await findSymbol(db, q.symbol);
        if (symbol === null) throw new NotFoundError(`Symbol not found: ${q.symbol}`);
        // One row more than the page says whether another page follows.
        const rows = await listFindings(db, {
          symbolId: symbol?.id, timeframe: q.timeframe, kind: q.kind, openOnly: q.status === 'open', limit: q.limit + 1, offset: q.offset,
        });
        const page = rows.slice(0, q.limit);
        return {
          findings: page.map((f) => ({ ...f, firstSeenAt: iso(f.firstSeenAt)!, lastSeenAt: iso(f.lastSeenAt)!, resolvedAt: iso(f.resolvedAt) })),
          limit: q.limit,
          offset: q.offset,
          nextOffset: rows.length > q.limit ? q.offset + q.limit : null,
        };
      },
    );
  };
}
