import { listWatchlist } from '@marketfleet/db';
import { type barsDaily, type barsIntraday } from '@marketfleet/jobs';
import { addDays, FINALISED_AFTER_MS, nyDate, weekday, type Session } from '@marketfleet/market';
import type { IngestDeps } from '../deps';
import { ingestBars, type IngestRequest } from '../ingest/ingest-bars';
import { queueForecasts } from './follow-ups';
import { asJobError } from './job-errors';
import type { Handler, HandlerResult } from '@marketfleet/runtime';

/** The tick right after the close still has the session's last bar to collect. */
const AFTER_CLOSE_GRACE_MS = 20 * 60_000;

async function ingestWatchlist(deps: IngestDeps, jobId: string | undefined, req: Omit<IngestRequest, 'symbols' | 'jobId'>) {
  const symbols = (await listWatchlist(deps.db)).map((s) => s.ticker);
  if (symbols.length === 0) return null;
  return ingestBars(deps, { ...req, symbols, jobId }).catch(asJobError);
}

function summary(outcomes: Array<Awaited<ReturnType<typeof ingestBars>> | null>, what: string): HandlerResult {
  const done = outcomes.filter((o) => o !== null);
  if (done.length === 0) return { status: 'skipped', detail: 'the watchlist is empty' };
  return {
    barsWritten: done.reduce((n, o) => n + o.barsWritten, 0),
    provider: done[0]!.provider,
    detail: `${what}: ${done.reduce((n, o) => n + o.barsReceived, 0)} bars received`,
  };
}

/** The session in progress, or one that closed moments ago. */
function currentSession(deps: IngestDeps, now: Date): Session | null {
  const open = deps.clock.sessionAt(now);
  if (open) return open;
  const today = deps.clock.session(nyDate(now));
  if (today && now >= today.close && now.getTime() < today.close.getTime() + AFTER_CLOSE_GRACE_MS) return today;
  return null;
}

/**
 * Every 15 minutes: re-reads the whole session so far in m15 (one multi-symbol request
 * for the watchlist), so h1/h4 are rebuilt from complete data and a missed tick heals.
 */
export const handleBarsIntraday =
  (deps: IngestDeps): Handler<typeof barsIntraday> =>
  async (_p, { job }) => {
    const now = deps.now();
    const session = currentSession(deps, now);
    if (!session) return { status: 'skipped', detail: 'market closed' };
    const to = now < session.close ? now : session.close;
    const outcome = await ingestWatchlist(deps, job.id, { timeframes: ['m15', 'h1', 'h4'], from: session.open, to });
    await queueForecasts(deps, undefined, ['m15', 'h1'], outcome?.barsWritten ?? 0);
    return summary([outcome], `session ${session.date}`);
  };

/**
 * After the close: the week's d1/w1 bars, and the session's intraday bars again now
 * that the provider has finalised them (they become `verified`).
 */
export const handleBarsDaily =
  (deps: IngestDeps): Handler<typeof barsDaily> =>
  async (_p, { job }) => {
    const now = deps.now();
    const session = deps.clock.session(nyDate(now));
    if (!session || now.getTime() < session.close.getTime() + FINALISED_AFTER_MS) {
      return { status: 'skipped', detail: 'no finalised session today' };
    }
    const monday = addDays(session.date, -((weekday(session.date) + 6) % 7));
    const weekStart = deps.clock.sessionsBetween(monday, session.date)[0]!;
    const intraday = await ingestWatchlist(deps, job.id, { timeframes: ['m15', 'h1', 'h4'], from: session.open, to: session.close });
    const daily = await ingestWatchlist(deps, job.id, { timeframes: ['d1', 'w1'], from: weekStart.open, to: session.close });
    // The session's d1 bars are stored: the daily forecasts are made now, whether or not they changed.
    if (daily) await queueForecasts(deps, undefined, ['d1'], 1);
    return summary([intraday, daily], `session ${session.date}`);
  };
