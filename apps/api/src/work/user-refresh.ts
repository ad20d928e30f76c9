import { addToWatchlist, ensureSymbols, findSymbol, getJobRuns, readAdjustedBars, readSeriesStats, type Db } from '@marketfleet/db';
import {
  backfillChunk,
  corporateActionsSync,
  forecastDaily,
  forecastIntraday,
  optionsRank,
  optionsScrape,
  type OptionsSettings,
  type Producer,
} from '@marketfleet/jobs';
import { addDays, nyDate, weekday, type MarketClock, type Session, type Timeframe } from '@marketfleet/market';
import { pivotLevels } from './levels';
import { nextExpectedUpdate } from './next-update';
import { ensureCoverage, Priority } from '@marketfleet/ingest';
import type { FastifyBaseLogger } from 'fastify';
import { isDependencyUnavailable, UNAVAILABLE_BODY } from '../unavailable';

export interface RefreshContext {
  db: Db;
  clock: MarketClock;
  producer: Producer;
  now: () => Date;
  history: Record<Timeframe, number>;
  /** How long the request waits for the latest bars before answering `updating`. */
  waitMs: number;
  /** Expirations an option scrape takes while the session is open, and otherwise (the scrapes' own settings). */
  optionScrape: Pick<OptionsSettings, 'sessionExpirations' | 'closeExpirations'>;
  /** A failed step's cause is logged here; the caller is told only which step failed. */
  log: Pick<FastifyBaseLogger, 'error'>;
}

type StepStatus = 'completed' | 'running' | 'skipped' | 'failed';
interface Step {
  step: string;
  status: StepStatus;
  message: string | null;
  details: Record<string, unknown>;
}

const SR_MIN_BARS = 20;
const SR_LOOKBACK_SESSIONS = 252;
const FINAL = new Set(['success', 'failed', 'skipped']);

/** The session whose bars are the latest that exist (today's once it opened, else the last one). */
function latestSession(clock: MarketClock, now: Date): Session {
  const today = clock.session(nyDate(now));
  return today && today.open <= now ? today : clock.previousSession(nyDate(now));
}

async function waitForRuns(db: Db, jobIds: string[], ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const runs = await getJobRuns(db, jobIds);
    if ((runs.length === jobIds.length && runs.every((r) => FINAL.has(r.status))) || Date.now() >= deadline) return runs;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Brings one symbol up to date on a user's request, each step real and reported: an
 * unknown (well-formed) symbol joins the watchlist with a deep backfill; missing history
 * is queued; the latest bars are fetched at the highest priority and awaited a bounded
 * time; pivots are computed from stored daily bars. Job ids are deterministic, so ten
 * clicks queue each job once.
 */
export async function userRefresh(ctx: RefreshContext, symbol: string) {
  const started = Date.now();
  const now = ctx.now();
  const steps: Step[] = [];
  const queuedJobs: string[] = [];
  const summary = { backfillNeeded: false, backfillQueued: false, barsUpdated: 0, mlJobQueued: false, optionsJobQueued: false, srCalculated: false };
  const run = async (step: string, fn: () => Promise<Omit<Step, 'step'>>) => {
    try {
      steps.push({ step, ...(await fn()) });
    } catch (err) {
      // The cause (SQL, hosts) is ours, not the caller's: logged, and named only in general terms.
      ctx.log.error({ err, step }, 'user-refresh step failed');
      const message = isDependencyUnavailable(err) ? UNAVAILABLE_BODY.message : 'failed; the cause is in the api log';
      steps.push({ step, status: 'failed', message, details: {} });
    }
  };

  await run('lookup_symbol', async () => {
    const known = await findSymbol(ctx.db, symbol);
    const added = await addToWatchlist(ctx.db, [symbol], 'user-refresh');
    if (added.length === 0) return { status: 'completed', message: 'on the watchlist', details: { symbolId: known!.id } };
    // Its whole history of corporate actions, so adjusted series are right from the first chart.
    const today = nyDate(now);
    await ctx.producer.enqueue(corporateActionsSync, { symbols: [symbol], from: addDays(today, -3660), to: addDays(today, 90) }, { triggeredBy: 'user-refresh' });
    queuedJobs.push('corporate_actions');
    return { status: 'completed', message: known ? 'added to the watchlist' : 'new symbol: added to the watchlist', details: { added: true } };
  });

  await run('check_coverage', async () => {
    const { coverage, backfill } = await ensureCoverage(
      { db: ctx.db, clock: ctx.clock, producer: ctx.producer, now },
      { symbols: [symbol], days: ctx.history, kind: 'refresh', priority: Priority.Deep, createdBy: 'user-refresh' },
    );
    const missing = coverage.reduce((n, c) => n + (c.expected - c.stored), 0);
    summary.backfillNeeded = missing > 0;
    const details = { expected: coverage.reduce((n, c) => n + c.expected, 0), missing, backfillId: backfill?.id ?? null };
    if (!backfill) return { status: missing > 0 ? 'skipped' : 'completed', message: missing > 0 ? 'missing bars already asked for' : 'history complete', details };
    summary.backfillQueued = true;
    queuedJobs.push('backfill');
    return { status: 'completed', message: `${backfill.chunks} chunks queued for ${missing} missing bars`, details: { ...details, chunks: backfill.chunks } };
  });

  await run('fetch_bars', async () => {
    const session = latestSession(ctx.clock, now);
    const id = (await ensureSymbols(ctx.db, [symbol])).get(symbol)!;
    const stats = new Map((await readSeriesStats(ctx.db, [id])).map((s) => [s.timeframe, s.lastTs]));
    const current = (tf: Timeframe) => {
      const last = ctx.clock.lastClosedBar(tf, now);
      return last !== null && (stats.get(tf)?.getTime() ?? 0) >= last.getTime();
    };
    if (current('m15') && current('d1')) return { status: 'skipped', message: 'latest bars already stored', details: { session: session.date } };
    const monday = addDays(session.date, -((weekday(session.date) + 6) % 7));
    const jobIds = [];
    for (const payload of [
      { symbols: [symbol], timeframes: ['m15', 'h1', 'h4'] as Timeframe[], from: session.date, to: session.date },
      { symbols: [symbol], timeframes: ['d1', 'w1'] as Timeframe[], from: monday, to: session.date },
    ]) {
      jobIds.push((await ctx.producer.enqueue(backfillChunk, payload, { priority: Priority.Deep, triggeredBy: 'user-refresh' })).jobId);
    }
    queuedJobs.push('latest_bars');
    const runs = await waitForRuns(ctx.db, jobIds, ctx.waitMs);
    summary.barsUpdated = runs.reduce((n, r) => n + r.barsWritten, 0);
    const failed = runs.find((r) => r.status === 'failed');
    if (failed) return { status: 'failed', message: failed.error ?? 'fetch failed', details: { session: session.date } };
    const done = runs.length === jobIds.length && runs.every((r) => FINAL.has(r.status));
    return done
      ? { status: 'completed', message: `${summary.barsUpdated} bars updated`, details: { session: session.date } }
      : { status: 'running', message: 'still updating: the chart reads `updating` until the bars land', details: { session: session.date, jobIds } };
  });

  await run('queue_forecast', async () => {
    // Deterministic ids: ten clicks queue one job each. Made from the bars as they stand when the
    // job runs; bars still arriving queue their own forecasts when they land.
    const jobIds = [];
    for (const job of [forecastDaily, forecastIntraday]) {
      jobIds.push((await ctx.producer.enqueue(job, { symbols: [symbol] }, { triggeredBy: 'user-refresh' })).jobId);
    }
    summary.mlJobQueued = true;
    queuedJobs.push('forecast');
    return { status: 'completed', message: 'daily and intraday forecasts queued', details: { jobIds } };
  });
  await run('queue_options_ranking', async () => {
    // The chain scraped (as widely as the schedule's own scrape at this hour) and ranked: the ranking
    // scores the chain as stored now, and the scrape queues another ranking of what it brings. Ids
    // are the symbol's, so a scrape or ranking already waiting or running is not queued twice.
    const session = latestSession(ctx.clock, now).date;
    const expirations = ctx.clock.isOpen(now) ? ctx.optionScrape.sessionExpirations : ctx.optionScrape.closeExpirations;
    const scrape = await ctx.producer.enqueue(optionsScrape, { symbol, expirations, session, reason: 'user' }, { triggeredBy: 'user-refresh' });
    const rank = await ctx.producer.enqueue(optionsRank, { symbol, trigger: 'user', session }, { triggeredBy: 'user-refresh' });
    summary.optionsJobQueued = true;
    queuedJobs.push('options_ranking');
    const already = [scrape, rank].filter((j) => j.duplicate).length;
    return {
      status: 'completed',
      message: `option chain scrape (${expirations} expirations) and ranking queued${already > 0 ? `; ${already} of them already were` : ''}`,
      details: { jobIds: [scrape.jobId, rank.jobId], session, expirations },
    };
  });

  await run('calculate_sr', async () => {
    const id = (await findSymbol(ctx.db, symbol))!.id;
    const from = ctx.clock.sessionsBetween(addDays(nyDate(now), -400), nyDate(now)).slice(-SR_LOOKBACK_SESSIONS)[0]?.open;
    const daily = await readAdjustedBars(ctx.db, { symbolId: id, timeframe: 'd1', from, adjustment: 'split' });
    const levels = daily.length >= SR_MIN_BARS ? pivotLevels(daily, (b) => nyDate(b.ts)) : null;
    if (!levels) return { status: 'skipped', message: `needs ${SR_MIN_BARS} daily bars, has ${daily.length}`, details: {} };
    summary.srCalculated = true;
    return { status: 'completed', message: `pivot ${levels.pivot}`, details: { ...levels } };
  });

  const warnings = steps.filter((s) => s.status === 'failed' || (s.status === 'running' && s.message)).map((s) => `${s.step}: ${s.message}`);
  const done = [
    steps[0]?.details.added ? `${symbol} added to the watchlist` : null,
    summary.backfillQueued ? 'missing history queued' : null,
    summary.barsUpdated > 0 ? `${summary.barsUpdated} bars updated` : null,
    steps.find((s) => s.step === 'fetch_bars')?.status === 'running' ? 'latest bars updating' : null,
    summary.mlJobQueued ? 'forecasts queued' : null,
    summary.optionsJobQueued ? 'option ranking queued' : null,
    summary.srCalculated ? 'support and resistance calculated' : null,
  ].filter((x) => x !== null);
  return {
    symbol,
    success: steps.every((s) => s.status !== 'failed'),
    steps,
    summary,
    queuedJobs,
    warnings,
    nextExpectedUpdate: nextExpectedUpdate(ctx.clock, now).toISOString(),
    message: done.length > 0 ? done.join(', ') : 'Data is current',
    durationMs: Date.now() - started,
  };
}
