import { and, asc, eq, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { corporateActions } from '../schema';
import { notifyDataChanged } from './notify';

export type CorporateActionRow = typeof corporateActions.$inferSelect;
export type CorporateActionRecord = Omit<typeof corporateActions.$inferInsert, 'id' | 'fetchedAt'>;


/**
 * Upserts actions on (symbol, type, ex-date). Returns the ones that are new or changed
 * (ratio, amount or dates), which is what invalidates cached charts and forecasts.
 */
export async function upsertCorporateActions(db: Executor, records: readonly CorporateActionRecord[]): Promise<CorporateActionRow[]> {
  if (records.length === 0) return [];
  const unique = [...new Map(records.map((r) => [`${r.symbolId}|${r.type}|${r.exDate}`, r])).values()];
  const changed = await db
    .insert(corporateActions)
    .values(unique)
    .onConflictDoUpdate({
      target: [corporateActions.symbolId, corporateActions.type, corporateActions.exDate],
      set: {
        ratio: sql`excluded.ratio`,
        cashAmount: sql`excluded.cash_amount`,
        recordDate: sql`excluded.record_date`,
        payableDate: sql`excluded.payable_date`,
        processDate: sql`excluded.process_date`,
        provider: sql`excluded.provider`,
        providerId: sql`excluded.provider_id`,
        detail: sql`excluded.detail`,
        fetchedAt: sql`now()`,
      },
      setWhere: sql`(${corporateActions.ratio}, ${corporateActions.cashAmount}, ${corporateActions.recordDate},
                     ${corporateActions.payableDate}) is distinct from
                    (excluded.ratio, excluded.cash_amount, excluded.record_date, excluded.payable_date)`,
    })
    .returning();
  // A new action changes how every timeframe of its symbol reads.
  if (changed.length > 0) await notifyDataChanged(db, { symbolIds: [...new Set(changed.map((a) => a.symbolId))], timeframes: [] });
  return changed;
}

export async function listCorporateActions(
  db: Executor,
  symbolId: number,
  range: { from?: string; to?: string } = {},
): Promise<CorporateActionRow[]> {
  return db
    .select()
    .from(corporateActions)
    .where(
      and(
        eq(corporateActions.symbolId, symbolId),
        range.from ? gte(corporateActions.exDate, range.from) : undefined,
        range.to ? lte(corporateActions.exDate, range.to) : undefined,
      ),
    )
    .orderBy(asc(corporateActions.exDate), asc(corporateActions.type));
}

/** Actions whose ex-date has not passed yet (of some symbols, or all). */
export async function pendingCorporateActions(
  db: Executor,
  today: string,
  symbolIds?: readonly number[],
): Promise<CorporateActionRow[]> {
  return db
    .select()
    .from(corporateActions)
    .where(
      and(
        gt(corporateActions.exDate, today),
        symbolIds ? inArray(corporateActions.symbolId, [...symbolIds]) : undefined,
      ),
    )
    .orderBy(asc(corporateActions.exDate));
}

/** The (ticker, ex-date) pairs of every action of some symbols: what explains a price jump that day. */
export async function corporateActionDays(db: Executor, symbolIds: readonly number[]): Promise<Array<{ symbolId: number; exDate: string }>> {
  if (symbolIds.length === 0) return [];
  return db
    .select({ symbolId: corporateActions.symbolId, exDate: corporateActions.exDate })
    .from(corporateActions)
    .where(inArray(corporateActions.symbolId, [...symbolIds]));
}
