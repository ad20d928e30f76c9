import {
  ensureSymbols,
  listWatchlist,
  recordCalendarMismatches,
  storeCalendar,
  upsertCorporateActions,
  type CorporateActionRecord,
} from '@marketfleet/db';
import type { calendarSync, corporateActionsSync } from '@marketfleet/jobs';
import { addDays, MarketClock, nyDate } from '@marketfleet/market';
import type { IngestDeps } from '../deps';
import { compareCalendars } from '../reference/calendar-diff';
import { asJobError } from './job-errors';
import type { Handler } from '@marketfleet/runtime';

const RULES = new MarketClock();

/**
 * Stores the provider's trading calendar (a month back, two months ahead), records every
 * day it disagrees with the clock's rules as a finding, and has this process's clock
 * prefer it from now on.
 */
export const handleCalendarSync =
  (deps: IngestDeps): Handler<typeof calendarSync> =>
  async () => {
    const today = nyDate(deps.now());
    const window = { from: addDays(today, -30), to: addDays(today, 60) };
    const days = await deps.reference.getCalendar(window.from, window.to).catch(asJobError);
    const mismatches = compareCalendars(RULES, window.from, window.to, days);
    await storeCalendar(deps.db, deps.reference.name, window, days);
    await recordCalendarMismatches(deps.db, window, mismatches);
    await deps.reloadClock?.();
    return {
      provider: deps.reference.name,
      detail: `${days.length} trading days ${window.from}..${window.to}; ${mismatches.length} days differ from the rules` +
        (mismatches.length ? ` (${mismatches.slice(0, 3).map((m) => `${m.date}: rules ${m.rules}, provider ${m.provider}`).join('; ')})` : ''),
    };
  };

/**
 * Upserts the corporate actions of the watchlist (or the payload's symbols). Bars stay
 * raw: a new action changes how they read, not what is stored. Forecasts that depend on a
 * new action are re-run once forecasts exist (the ml queue has no jobs yet).
 */
export const handleCorporateActionsSync =
  (deps: IngestDeps): Handler<typeof corporateActionsSync> =>
  async (p) => {
    const symbols = p.symbols ?? (await listWatchlist(deps.db)).map((s) => s.ticker);
    if (symbols.length === 0) return { status: 'skipped', detail: 'no symbols' };
    const today = nyDate(deps.now());
    const from = p.from ?? addDays(today, -30);
    const to = p.to ?? addDays(today, 90);
    const actions = await deps.reference.getCorporateActions({ symbols, from, to }).catch(asJobError);
    const ids = await ensureSymbols(deps.db, symbols);
    const records: CorporateActionRecord[] = actions
      .filter((a) => ids.has(a.symbol))
      .map((a) => ({
        symbolId: ids.get(a.symbol)!, type: a.type, exDate: a.exDate, recordDate: a.recordDate, payableDate: a.payableDate,
        processDate: a.processDate, ratio: a.ratio, cashAmount: a.cashAmount, provider: deps.reference.name,
        providerId: a.providerId, detail: a.detail,
      }));
    const changed = await upsertCorporateActions(deps.db, sameDayDividendsSummed(records));
    return {
      provider: deps.reference.name,
      detail: `${actions.length} actions for ${symbols.length} symbols ${from}..${to}, ${changed.length} new or changed`,
    };
  };

/**
 * A regular and a special cash dividend can share an ex-date; the price drops by both,
 * so they are kept as one row with the total (the key is symbol, type and ex-date).
 */
function sameDayDividendsSummed(records: CorporateActionRecord[]): CorporateActionRecord[] {
  const byKey = new Map<string, CorporateActionRecord>();
  for (const r of records) {
    const key = `${r.symbolId}|${r.type}|${r.exDate}`;
    const seen = byKey.get(key);
    if (seen && r.type === 'cash_dividend' && seen.providerId !== r.providerId) {
      byKey.set(key, { ...seen, cashAmount: (seen.cashAmount ?? 0) + (r.cashAmount ?? 0), detail: { parts: [seen.detail, r.detail] } });
    } else byKey.set(key, r);
  }
  return [...byKey.values()];
}
