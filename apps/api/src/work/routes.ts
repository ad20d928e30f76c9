import {
  addToWatchlist,
  backfillProgress,
  ensureSymbols,
  findSymbol,
  isOnWatchlist,
  listBackfills,
  listWatchlist,
  readSeriesStats,
  removeFromWatchlist,
  type BackfillProgress,
  type Db,
} from '@marketfleet/db';
import { ALL_QUEUES, corporateActionsSync, coverageSweep, DEFAULT_OPTIONS_SETTINGS, Producer, type QueueName } from '@marketfleet/jobs';
import { addDays, nyDate, nyWallTime, TIMEFRAMES, type Timeframe } from '@marketfleet/market';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { ErrorBody, NotFoundError, TooManyRequestsError } from '../errors';
import { NEW_SYMBOLS_SETTING } from '../plugins/new-symbol-cap';
import { BodyDate, BodyTicker, QueryTicker, QueryTimeframe, queryInt } from '../routes/params';
import { BackfillStatus, CoverageResponse, EnsureCoverageResponse, UserRefreshResponse } from './schemas';
import { userRefresh } from './user-refresh';
import { ensureCoverage, measureCoverage, planBackfill, Priority, startBackfill } from '@marketfleet/ingest';

const MAX_SYMBOLS = 500;
const MAX_BACKFILL_DAYS = 3660;
const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const BodyTimeframe = z.enum(TIMEFRAMES as readonly [Timeframe, ...Timeframe[]], { error: `must be one of ${TIMEFRAMES.join(', ')}` });

const onWatchlist = async (db: Db, symbol: string) => {
  const found = await findSymbol(db, symbol);
  return found !== null && (await isOnWatchlist(db, found.id));
};

/** Refuses, with a 429 naming the cap and its setting, a new symbol beyond the key's daily cap. */
async function admitNewSymbol(app: FastifyInstance, keyId: string, symbol: string, now: Date): Promise<void> {
  const verdict = await app.newSymbolCap.admit(keyId, symbol, now);
  if (verdict.admitted) return;
  throw new TooManyRequestsError(
    `${symbol} is not on the watchlist, and this key already added ${verdict.limit} new symbol${verdict.limit === 1 ? '' : 's'} today, the most ` +
      `user-refresh may add per key per day (${NEW_SYMBOLS_SETTING}); symbols on the watchlist can still be refreshed`,
    (verdict.retryAt.getTime() - now.getTime()) / 1000,
  );
}

function backfillStatus(p: BackfillProgress): z.infer<typeof BackfillStatus> {
  const b = p.backfill;
  return {
    id: b.id, kind: b.kind, status: p.status, symbols: b.symbols, timeframes: b.timeframes, from: b.rangeFrom, to: b.rangeTo,
    priority: b.priority, createdAt: b.createdAt.toISOString(), total: p.total, done: p.done, running: p.running,
    queued: p.queued, failed: p.failed, percent: p.percent, barsWritten: p.barsWritten, expectedBars: b.expectedBars,
  };
}

const slices = (p: BackfillProgress) => ({
  total_slices: p.total, completed_slices: p.done, running_slices: p.running, queued_slices: p.queued,
  failed_slices: p.failed, progress_percent: p.percent, bars_written: p.barsWritten,
});

/**
 * The routes that put work on the queues: user-refresh (app keys too), coverage and
 * backfill progress (read), ensure-coverage and the operator's admin actions.
 */
export function workRoutes(deps: AppDeps) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const { db } = deps.database;
    const producer = new Producer(deps.backend, db, app.log);
    app.addHook('onClose', () => producer.close());
    const now = () => deps.now?.() ?? new Date();
    const history = deps.config.policy.historyDays;
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const known = async (symbol: string) => {
      const found = await findSymbol(db, symbol);
      if (!found) throw new NotFoundError(`Symbol not found: ${symbol}`);
      return found;
    };

    for (const url of ['/v1/user-refresh', '/functions/v1/user-refresh']) {
      typed.post(
        url,
        { schema: { body: z.object({ symbol: BodyTicker }), response: { 200: UserRefreshResponse, ...errors } }, config: { appMayCall: true } },
        async (req) => {
          const { symbol } = req.body;
          // Asked first, so a database that is down is a 503 rather than six failed steps. App keys may
          // add only so many symbols a day; refreshing the watchlist's own is free, and admin keys may add any.
          const listed = await onWatchlist(db, symbol);
          if (!listed && req.caller?.role === 'app') await admitNewSymbol(app, req.caller.keyId, symbol, now());
          return userRefresh(
            {
              db, clock: deps.clock, producer, now, history, waitMs: deps.config.userRefreshWaitMs ?? 4_000,
              optionScrape: deps.config.options ?? DEFAULT_OPTIONS_SETTINGS, log: req.log,
            },
            symbol,
          );
        },
      );
    }

    typed.get(
      '/v1/coverage',
      {
        schema: {
          querystring: z.object({
            symbol: QueryTicker,
            timeframe: QueryTimeframe.default('d1'),
            window_days: queryInt(1, MAX_BACKFILL_DAYS).optional().describe("calendar days back from today; default: the timeframe's history depth"),
          }),
          response: { 200: CoverageResponse, ...errors },
        },
      },
      async (req) => {
        const found = await known(req.query.symbol);
        const tf = req.query.timeframe;
        const days = req.query.window_days ?? history[tf];
        const at = now();
        const window = nyWallTime(addDays(nyDate(at), -days), '00:00');
        const [c] = await measureCoverage(db, deps.clock, { symbols: new Map([[found.ticker, found.id]]), windows: { [tf]: window }, now: at });
        return {
          symbol: found.ticker, timeframe: tf, windowDays: days, expectedBars: c?.expected ?? 0, storedBars: c?.stored ?? 0,
          answeredMissing: c?.answeredMissing ?? 0, gaps: c?.gaps ?? [],
        };
      },
    );

    for (const url of ['/v1/ensure-coverage', '/functions/v1/ensure-coverage']) {
      const body = z.object({
        symbol: BodyTicker,
        timeframe: BodyTimeframe,
        window_days: z.number({ error: 'must be a whole number of days' }).int().min(1).max(MAX_BACKFILL_DAYS).default(7),
      });
      typed.post(url, { schema: { body, response: { 200: EnsureCoverageResponse, ...errors } } }, async (req) => {
        const found = await known(req.body.symbol);
        const { timeframe: tf, window_days: days } = req.body;
        const { coverage, backfill } = await ensureCoverage(
          { db, clock: deps.clock, producer, now: now() },
          { symbols: [found.ticker], days: { [tf]: days }, kind: 'manual', priority: Priority.Manual, createdBy: 'api:ensure-coverage' },
        );
        const [stats] = (await readSeriesStats(db, [found.id])).filter((s) => s.timeframe === tf);
        const progress = backfill ? await backfillProgress(db, backfill.id) : null;
        return {
          job_def_id: backfill?.id ?? null,
          symbol: found.ticker,
          timeframe: tf,
          status: (coverage[0]?.gaps.length ?? 0) > 0 ? ('gaps_detected' as const) : ('coverage_complete' as const),
          coverage_status: {
            from_ts: stats?.firstTs.toISOString() ?? null,
            to_ts: stats?.lastTs.toISOString() ?? null,
            last_success_at: stats?.lastWrittenAt.toISOString() ?? null,
            gaps_found: coverage[0]?.gaps.length ?? 0,
          },
          ...(progress ? { backfill_progress: slices(progress) } : {}),
        };
      });
    }

    typed.get(
      '/v1/backfills/:id',
      { schema: { params: z.object({ id: z.string().min(1).max(200) }), response: { 200: BackfillStatus.extend({ backfill_progress: z.object({}).passthrough() }), ...errors } } },
      async (req) => {
        const p = await backfillProgress(db, req.params.id);
        if (!p) throw new NotFoundError(`Backfill not found: ${req.params.id}`);
        return { ...backfillStatus(p), backfill_progress: slices(p) };
      },
    );

    // Operators.
    typed.get(
      '/v1/admin/backfills',
      { schema: { querystring: z.object({ limit: queryInt(1, 200).default(20) }), response: { 200: z.object({ backfills: z.array(BackfillStatus) }), ...errors } }, config: { adminOnly: true } },
      async (req) => ({ backfills: (await listBackfills(db, req.query.limit)).map(backfillStatus) }),
    );
    typed.post(
      '/v1/admin/backfills',
      {
        schema: {
          body: z
            .object({
              symbols: z.array(BodyTicker, { error: 'must be a list of tickers' }).min(1).max(MAX_SYMBOLS),
              timeframes: z.array(BodyTimeframe, { error: 'must be a list of timeframes' }).min(1).max(5),
              from: BodyDate,
              to: BodyDate,
            })
            .refine((b) => b.from <= b.to, { message: 'from must not be after to', path: ['from'] })
            .refine((b) => Date.parse(b.to) - Date.parse(b.from) <= MAX_BACKFILL_DAYS * 86_400_000, { message: `the range may span at most ${MAX_BACKFILL_DAYS} days`, path: ['from'] }),
          response: { 200: BackfillStatus, ...errors },
        },
      },
      async (req) => {
        const { symbols, timeframes, from, to } = req.body;
        await ensureSymbols(db, symbols);
        const chunks = planBackfill({ symbols, timeframes, from, to }, { clock: deps.clock, now: now() });
        const started = await startBackfill(producer, db, { kind: 'manual', symbols, timeframes, from, to, priority: Priority.Manual, createdBy: 'api' }, chunks);
        return backfillStatus((await backfillProgress(db, started.id))!);
      },
    );
    typed.post('/v1/admin/nightly', { schema: { response: { 200: z.object({ jobId: z.string(), duplicate: z.boolean() }), ...errors } } }, () =>
      producer.enqueue(coverageSweep, {}, { triggeredBy: 'api:admin' }),
    );

    const QueueParam = z.object({ queue: z.enum(ALL_QUEUES as readonly [QueueName, ...QueueName[]], { error: `must be one of ${ALL_QUEUES.join(', ')}` }) });
    const queueAction = (action: 'pause' | 'resume' | 'retry-failed') =>
      typed.post(
        `/v1/admin/queues/:queue/${action}`,
        { schema: { params: QueueParam, response: { 200: z.object({ queue: z.string(), action: z.string() }), ...errors } } },
        async (req) => {
          const q = producer.queue(req.params.queue);
          if (action === 'pause') await q.pause();
          else if (action === 'resume') await q.resume();
          else await q.retryJobs({ state: 'failed' });
          return { queue: req.params.queue, action };
        },
      );
    queueAction('pause');
    queueAction('resume');
    queueAction('retry-failed');

    const WatchlistResponse = z.object({ symbols: z.array(z.string()) });
    typed.get('/v1/admin/watchlist', { schema: { response: { 200: WatchlistResponse, ...errors } }, config: { adminOnly: true } }, async () => ({
      symbols: (await listWatchlist(db)).map((s) => s.ticker),
    }));
    typed.post(
      '/v1/admin/watchlist',
      { schema: { body: z.object({ symbols: z.array(BodyTicker, { error: 'must be a list of tickers' }).min(1).max(MAX_SYMBOLS) }), response: { 200: z.object({ added: z.array(z.string()) }), ...errors } } },
      async (req) => {
        const added = await addToWatchlist(db, req.body.symbols, 'api');
        if (added.length > 0) {
          // New symbols: their whole history ahead of routine work, and their corporate actions.
          await producer.enqueue(coverageSweep, { symbols: added, deep: true }, { triggeredBy: 'api:admin' });
          const today = nyDate(now());
          await producer.enqueue(corporateActionsSync, { symbols: added, from: addDays(today, -3660), to: addDays(today, 90) }, { triggeredBy: 'api:admin' });
        }
        return { added };
      },
    );
    typed.delete(
      '/v1/admin/watchlist/:symbol',
      { schema: { params: z.object({ symbol: QueryTicker }), response: { 200: z.object({ removed: z.number().int() }), ...errors } } },
      async (req) => ({ removed: await removeFromWatchlist(db, [req.params.symbol]) }),
    );
  };
}
