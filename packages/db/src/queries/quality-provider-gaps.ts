import type { Timeframe } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import type { providerGaps } from '../schema';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

/** Half-open: from <= t < to. */
export interface TimeRange {
  from: Date;
  to: Date;
}

export type ProviderGapInput = Omit<typeof providerGaps.$inferInsert, 'id' | 'recordedAt'>;

/** A provider gap as listed: the schema's row with the symbol's ticker. */
export type ProviderGapRow = typeof providerGaps.$inferSelect & { symbol: string };

/** Records ranges the provider cannot fill; recording one again updates its answer. */
export async function recordProviderGaps(db: Executor, gaps: readonly ProviderGapInput[]): Promise<number> {
  if (gaps.length === 0) return 0;
  const unique = new Map(gaps.map((g) => [`${g.symbolId}|${g.timeframe}|${g.rangeStart.getTime()}|${g.provider}`, g]));
  const payload = JSON.stringify(
    [...unique.values()].map((g) => ({
      symbol_id: g.symbolId,
      timeframe: g.timeframe,
      range_start: g.rangeStart.toISOString(),
      range_end: g.rangeEnd.toISOString(),
      provider: g.provider,
      answer: g.answer,
      attempts: g.attempts,
    })),
  );
  const rows = await db.execute(sql`
    insert into provider_gaps as g (symbol_id, timeframe, range_start, range_end, provider, answer, attempts)
    select symbol_id, timeframe, range_start, range_end, provider, answer, attempts
    from jsonb_to_recordset(${payload}::jsonb) as x(symbol_id int, timeframe timeframe, range_start timestamptz,
         range_end timestamptz, provider text, answer text, attempts int)
    on conflict (symbol_id, timeframe, range_start, provider) do update set
      range_end = excluded.range_end, answer = excluded.answer, attempts = excluded.attempts, recorded_at = now()
    returning g.id`);
  return rows.length;
}

export async function listProviderGaps(
  db: Executor,
  opts: { symbolId?: number; timeframe?: Timeframe; limit?: number } = {},
): Promise<ProviderGapRow[]> {
  const rows = await db.execute<{
    id: string; symbol_id: number; ticker: string; timeframe: Timeframe; range_start: string; range_end: string;
    provider: string; answer: string; attempts: number; recorded_at: string;
  }>(sql`
    select g.id, g.symbol_id, s.ticker, g.timeframe, g.range_start, g.range_end, g.provider, g.answer, g.attempts, g.recorded_at
    from provider_gaps g join symbols s on s.id = g.symbol_id
    where true
      ${opts.symbolId !== undefined ? sql`and g.symbol_id = ${opts.symbolId}` : sql``}
      ${opts.timeframe !== undefined ? sql`and g.timeframe = ${opts.timeframe}` : sql``}
    order by g.recorded_at desc, g.id desc
    limit ${opts.limit ?? 1000}`);
  return rows.map((r) => ({
    id: Number(r.id),
    symbolId: r.symbol_id,
    symbol: r.ticker,
    timeframe: r.timeframe,
    rangeStart: toDate(r.range_start),
    rangeEnd: toDate(r.range_end),
    provider: r.provider,
    answer: r.answer,
    attempts: r.attempts,
    recordedAt: toDate(r.recorded_at),
  }));
}

export interface GapRangeQuery {
  /** Only ranges ending after this. */
  from?: Date;
  /** Only ranges starting before this. */
  to?: Date;
  /** Only what this provider answered; default any. */
  provider?: string;
}

/**
 * The recorded provider-gap ranges of some symbols in one timeframe, ascending per symbol
 * id: bars inside them are known to be missing at the provider, so neither coverage nor
 * the quality check should ask for them again.
 */
export async function providerGapRangesBySymbol(
  db: Executor,
  timeframe: Timeframe,
  symbolIds: readonly number[],
  q: GapRangeQuery = {},
): Promise<Map<number, TimeRange[]>> {
  const out = new Map<number, TimeRange[]>(symbolIds.map((id) => [id, []]));
  if (symbolIds.length === 0) return out;
  const rows = await db.execute<{ symbol_id: number; range_start: string; range_end: string }>(sql`
    select symbol_id, range_start, range_end from provider_gaps
    where timeframe = ${timeframe} and symbol_id = any(${pgArray(symbolIds)}::int[])
      ${q.from ? sql`and range_end > ${q.from.toISOString()}::timestamptz` : sql``}
      ${q.to ? sql`and range_start < ${q.to.toISOString()}::timestamptz` : sql``}
      ${q.provider !== undefined ? sql`and provider = ${q.provider}` : sql``}
    order by symbol_id, range_start`);
  for (const r of rows) out.get(r.symbol_id)?.push({ from: toDate(r.range_start), to: toDate(r.range_end) });
  return out;
}

/** The recorded provider-gap ranges of one symbol × timeframe, ascending. */
export async function providerGapRanges(
  db: Executor,
  symbolId: number,
  timeframe: Timeframe,
  q: GapRangeQuery = {},
): Promise<TimeRange[]> {
  return (await providerGapRangesBySymbol(db, timeframe, [symbolId], q)).get(symbolId) ?? [];
}

/** Whether recorded provider gaps (together) cover all of `range`. */
export async function isProviderGap(
  db: Executor,
  symbolId: number,
  timeframe: Timeframe,
  range: TimeRange,
  provider?: string,
): Promise<boolean> {
  const ranges = await providerGapRanges(db, symbolId, timeframe, { from: range.from, to: range.to, provider });
  let covered = range.from.getTime();
  for (const r of ranges) {
    if (r.from.getTime() > covered) return false;
    covered = Math.max(covered, r.to.getTime());
    if (covered >= range.to.getTime()) return true;
  }
  return covered >= range.to.getTime();
}

/** Of some bar starts (epoch ms), those inside a recorded provider gap; the shape of `alreadyAnswered`. */
export async function inProviderGaps(
  db: Executor,
  symbolId: number,
  timeframe: Timeframe,
  starts: readonly number[],
  provider?: string,
): Promise<Set<number>> {
  if (starts.length === 0) return new Set();
  const rows = await db.execute<{ ms: string }>(sql`
    select m.ms::text from unnest(${pgArray(starts)}::int8[]) as m(ms)
    where exists (
      select 1 from provider_gaps g
      where g.symbol_id = ${symbolId} and g.timeframe = ${timeframe}
        ${provider !== undefined ? sql`and g.provider = ${provider}` : sql``}
        and g.range_start <= to_timestamp(m.ms / 1000.0) and g.range_end > to_timestamp(m.ms / 1000.0))`);
  return new Set(rows.map((r) => Number(r.ms)));
}
