import { addDays, nyDate, nyWallTime, type MarketClock, type Session, type Timeframe } from '@marketfleet/market';
import type { NormalizedRequest } from '../request';

/** Source bars for m15/h1/h4: whole sessions, so an h1/h4 bar cut by from/to still comes out complete. */
export interface IntradayLeg {
  minutes: 15 | 30;
  /** Requested timeframes this leg feeds, finest first. */
  wanted: Timeframe[];
  sessions: Session[];
  start: Date;
  /** Exclusive. */
  end: Date;
}

/** Daily source bars for d1/w1, over New York dates firstDate..lastDate inclusive. */
export interface DailyLeg {
  wanted: Timeframe[];
  firstDate: string;
  lastDate: string;
  /** New York midnight of firstDate, or `from` when earlier. */
  start: Date;
  /** Exclusive. */
  end: Date;
}

export interface FetchPlan {
  intraday?: IntradayLeg;
  daily?: DailyLeg;
}

export interface PlanOptions {
  /** The source grid for the intraday timeframes wanted: 15 when m15 is wanted, else the coarsest the API has. */
  sourceMinutes(wanted: Timeframe[]): 15 | 30;
  /** Reading past `to` (to finish a session or week) stops here: now, or earlier when recent data is refused. */
  readUntilMs: number;
}

/** The Sunday closing the Monday–Sunday week of `date`. */
export function endOfWeek(date: string): string {
  const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDays(date, (7 - dow) % 7);
}

/**
 * What to ask a provider for to answer `req` on our grid: h1/h4 are built from 15/30-minute bars
 * at the 09:30 anchor (providers' own hour bars sit on clock hours), d1 from daily bars and w1 from
 * d1. A leg is absent when no session falls in its range, so no request is made for it.
 */
export function planFetch(req: NormalizedRequest, clock: MarketClock, opts: PlanOptions): FetchPlan {
  const plan: FetchPlan = {};
  const fromMs = req.from.getTime();
  const toMs = req.to.getTime();
  if (!(fromMs < toMs) || req.symbols.length === 0) return plan;
  const intraday = (['m15', 'h1', 'h4'] as const).filter((tf) => req.timeframes.includes(tf));
  const daily = (['d1', 'w1'] as const).filter((tf) => req.timeframes.includes(tf));
  if (intraday.length > 0) {
    const sessions = clock.sessionsOverlapping(req.from, req.to);
    const first = sessions[0];
    const last = sessions[sessions.length - 1];
    if (first !== undefined && last !== undefined) {
      plan.intraday = {
        minutes: opts.sourceMinutes([...intraday]),
        wanted: [...intraday],
        sessions,
        start: new Date(Math.min(fromMs, first.open.getTime())),
        end: new Date(Math.max(toMs, Math.min(last.close.getTime(), opts.readUntilMs))),
      };
    }
  }
  if (daily.length > 0) {
    const firstDate = nyDate(req.from);
    const lastDate = nyDate(new Date(toMs - 1));
    // A w1 bar that starts before `to` covers its whole week, so read on to that week's end.
    const endDate = daily.includes('w1') ? endOfWeek(lastDate) : lastDate;
    if (clock.sessionsBetween(firstDate, endDate).length > 0) {
      const weekEnd = nyWallTime(addDays(endDate, 1), '00:00').getTime();
      const end = daily.includes('w1') ? Math.max(toMs, Math.min(weekEnd, opts.readUntilMs)) : toMs;
      plan.daily = {
        wanted: [...daily],
        firstDate,
        lastDate: nyDate(new Date(end - 1)),
        // Daily bars are stamped at New York midnight, before the session open `from` usually is.
        start: new Date(Math.min(fromMs, nyWallTime(firstDate, '00:00').getTime())),
        end: new Date(end),
      };
    }
  }
  return plan;
}
