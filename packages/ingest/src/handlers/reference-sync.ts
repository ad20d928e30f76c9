import {
  actionSyncTargets,
  ensureSymbols,
  listWatchlist,
  recordActionsSynced,
  recordCalendarMismatches,
  storeCalendar,
  upsertCorporateActions,
  type CorporateActionRecord,
} from '@marketfleet/db';
import type { calendarSync, corporateActionsSync } from '@marketfleet/jobs';
import { addDays, MarketClock, nyDate } from '@marketfleet/market';
import type { IngestDeps } from '../deps';
import { type ActionSyncRequest, AHEAD_DAYS, planActionSyncs, RECENT_DAYS } from '../reference/action-sync-plan';
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
 * Upserts corporate actions. With a range, of the payload's symbols (default: the watchlist)
 * over it. Without one, of every symbol on the watchlist or with stored bars (or of the
 * payload's symbols) over its whole history: each symbol's synced range is recorded, and a
 * symbol whose history reaches further back than it (seeded, imported, just added) is asked
 * from there; the rest get the daily window. Bars stay raw: a new action changes how they
 * read, not what is stored.
 */
export const handleCorporateActionsSync =
  (deps: IngestDeps): Handler<typeof corporateActionsSync> =>
  async (p) => {
    const today = nyDate(deps.now());
    const requests: ActionSyncRequest[] =
      p.from !== undefined || p.to !== undefined
        ? [{ symbols: p.symbols ?? (await listWatchlist(deps.db)).map((s) => s.ticker), from: p.from ?? addDays(today, -RECENT_DAYS), to: p.to ?? addDays(today, AHEAD_DAYS) }]
        : planActionSyncs(await actionSyncTargets(deps.db, p.symbols), today, Math.max(...Object.values(deps.policy.historyDays)) + 7);
    const asked = requests.filter((r) => r.symbols.length > 0);
    if (asked.length === 0) return { status: 'skipped', detail: 'no symbols' };
    let fetched = 0;
    let changed = 0;
    for (const req of asked) {
      const actions = await deps.reference.getCorporateActions(req).catch(asJobError);
      const ids = await ensureSymbols(deps.db, req.symbols);
      const records: CorporateActionRecord[] = actions
        .filter((a) => ids.has(a.symbol))
        .map((a) => ({
          symbolId: ids.get(a.symbol)!, type: a.type, exDate: a.exDate, recordDate: a.recordDate, payableDate: a.payableDate,
          processDate: a.processDate, ratio: a.ratio, cashAmount: a.cashAmount, provider: deps.reference.name,
          providerId: a.providerId, detail: a.detail,
        }));
      changed += (await upsertCorporateActions(deps.db, sameDayDividendsSummed(records))).length;
      await recordActionsSynced(deps.db, [...ids.values()], req.from, req.to);
      fetched += actions.length;
    }
    const symbols = asked.reduce((n, r) => n + r.symbols.length, 0);
    const span = asked.map((r) => `${r.symbols.length} from ${r.from}`).join(', ');
    return {
      provider: deps.reference.name,
      detail: `${fetched} actions for ${symbols} symbols (${span}; to ${asked[0]!.to}), ${changed} new or changed`,
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
