import { addDays, marketClock, nyDate, type MarketClock } from '@marketfleet/market';
import { checkDateRange, normalizeActionsRequest } from '../reference-request';
import type { CorporateAction, ReferenceDataProvider } from '../types';
import { calendarDays } from './calendar-days';
import { alpacaItem, ANNOUNCE_DAYS, type SimCorporateAction } from './corporate-actions';
import { simMarket, type SimMarket } from './sim-market';

export interface SimReferenceProviderOptions {
  seed?: number;
  clock?: MarketClock;
  name?: string;
  /** Share a market with the sim bar provider or a fake, so bars and actions come from one place. */
  market?: SimMarket;
  /** False: no splits (ignored when `market` is given). Default true. */
  splits?: boolean;
  /** Actions are known from ANNOUNCE_DAYS before their ex-date, like real announcements. */
  now?: () => Date;
}

/** The sim's action in our shape; `detail` is the item as the fake Alpaca serves it. */
export function toCorporateAction(a: SimCorporateAction): CorporateAction {
  return {
    symbol: a.symbol,
    type: a.type,
    exDate: a.exDate,
    recordDate: a.recordDate,
    payableDate: a.payableDate,
    processDate: a.processDate,
    ratio: a.newRate !== null && a.oldRate !== null ? a.newRate / a.oldRate : null,
    cashAmount: a.cashAmount,
    providerId: a.id,
    detail: alpacaItem(a),
  };
}

/**
 * Reference data for the simulated market: the calendar from the market clock's rules, and the
 * splits and dividends behind the sim's raw bars (one source of truth in SimMarket).
 */
export function createSimReferenceProvider(opts: SimReferenceProviderOptions = {}): ReferenceDataProvider {
  const clock = opts.clock ?? marketClock;
  const market = opts.market ?? simMarket(opts.seed ?? 1, { clock, splits: opts.splits });
  const now = opts.now ?? (() => new Date());

  return {
    name: opts.name ?? 'sim',
    async getCalendar(from, to, signal) {
      signal?.throwIfAborted();
      checkDateRange(from, to);
      return calendarDays(clock, from, to);
    },
    async getCorporateActions(req) {
      req.signal?.throwIfAborted();
      const symbols = normalizeActionsRequest(req);
      const known = addDays(nyDate(now()), ANNOUNCE_DAYS);
      const to = req.to < known ? req.to : known;
      const out: CorporateAction[] = [];
      for (const symbol of symbols) for (const a of market.corporateActions(symbol, req.from, to)) out.push(toCorporateAction(a));
      return out.sort((a, b) => (a.exDate < b.exDate ? -1 : a.exDate > b.exDate ? 1 : a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    },
  };
}
