import { desc, sql } from 'drizzle-orm';
import { MarketClock, type CalendarDay, type ProviderCalendar } from '@marketfleet/market';
import type { Executor } from '../client';
import { calendarSyncs, marketCalendar } from '../schema';
import { pgArray } from './pg-array';

/**
 * Stores a provider's calendar for a window: its trading days replace whatever the
 * window held (a day it no longer lists is a closure), and the window is recorded.
 */
export async function storeCalendar(
  db: Executor,
  provider: string,
  window: { from: string; to: string },
  days: readonly CalendarDay[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from market_calendar where date between ${window.from} and ${window.to}`);
    if (days.length > 0) {
      await tx.insert(marketCalendar).values(days.map((d) => ({ date: d.date, open: d.open, close: d.close, provider })));
    }
    await tx.insert(calendarSyncs).values({ provider, rangeFrom: window.from, rangeTo: window.to, days: days.length });
  });
}

/** The most recent synced window and its days, for `new MarketClock({ calendar })`; null before any sync. */
export async function loadProviderCalendar(db: Executor): Promise<ProviderCalendar | null> {
  const [sync] = await db.select().from(calendarSyncs).orderBy(desc(calendarSyncs.syncedAt), desc(calendarSyncs.id)).limit(1);
  if (!sync) return null;
  const days = await db.execute<{ date: string; open: string; close: string }>(sql`
    select date::text, open, close from market_calendar
    where date between ${sync.rangeFrom} and ${sync.rangeTo} order by date`);
  return { from: sync.rangeFrom, to: sync.rangeTo, days: days.map((d) => ({ date: d.date, open: d.open, close: d.close })) };
}

export interface CalendarMismatch {
  date: string;
  /** What each source says: 'closed' or 'HH:MM–HH:MM'. */
  rules: string;
  provider: string;
}

/**
 * Records each day the provider's calendar and the market clock's rules disagree on as a
 * `calendar_mismatch` finding (scope `calendar|date`), and resolves the window's others.
 */
export async function recordCalendarMismatches(
  db: Executor,
  window: { from: string; to: string },
  mismatches: readonly CalendarMismatch[],
): Promise<void> {
  const payload = JSON.stringify(
    mismatches.map((m) => ({ scope: `calendar|${m.date}`, session_date: m.date, detail: { rules: m.rules, provider: m.provider } })),
  );
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into quality_findings as f (kind, scope, session_date, detail)
      select 'calendar_mismatch', scope, session_date, detail
      from jsonb_to_recordset(${payload}::jsonb) as x(scope text, session_date date, detail jsonb)
      on conflict (kind, scope) do update set detail = excluded.detail, last_seen_at = now(),
        resolved_at = null, first_seen_at = case when f.resolved_at is null then f.first_seen_at else now() end`);
    await tx.execute(sql`
      update quality_findings set resolved_at = now()
      where kind = 'calendar_mismatch' and resolved_at is null
        and session_date between ${window.from}::date and ${window.to}::date
        and scope <> all(${pgArray(mismatches.map((m) => `calendar|${m.date}`))}::text[])`);
  });
}

/** The market clock with the synced provider calendar where there is one, the rules elsewhere. */
export async function loadMarketClock(db: Executor): Promise<MarketClock> {
  const calendar = await loadProviderCalendar(db);
  return calendar ? new MarketClock({ calendar }) : new MarketClock();
}
