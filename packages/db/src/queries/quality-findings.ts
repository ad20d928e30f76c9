import type { Timeframe } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import type { qualityFindings } from '../schema';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

export const FINDING_KINDS = [
  'gap',
  'outside_session',
  'misaligned_ts',
  'duplicate_ts',
  'ohlc_invalid',
  'price_jump',
  'stale',
  'calendar_mismatch',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface FindingKey {
  symbolId: number;
  timeframe: Timeframe;
  /** The New York session the finding is about; null when it is about the whole series (stale). */
  sessionDate: string | null;
  kind: FindingKind;
}

export interface FindingInput extends FindingKey {
  detail: Record<string, unknown>;
}

export interface UpsertedFinding extends FindingInput {
  id: number;
  firstSeenAt: Date;
  /** Already open before this upsert: an earlier check saw it too. */
  repeated: boolean;
}

/** With `kind`, the natural key of a finding: "12|m15|2024-07-01", or "12|m15" for a whole series. */
export function findingScope(k: Pick<FindingKey, 'symbolId' | 'timeframe' | 'sessionDate'>): string {
  return k.sessionDate === null ? `${k.symbolId}|${k.timeframe}` : `${k.symbolId}|${k.timeframe}|${k.sessionDate}`;
}

type FindingDbRow = {
  id: string;
  symbol_id: number;
  timeframe: Timeframe;
  session_date: string | null;
  kind: FindingKind;
  detail: Record<string, unknown>;
  first_seen_at: string;
  repeated: boolean;
};

/**
 * Records what a check saw, one statement for the batch: a new finding is inserted, one
 * already open keeps its first_seen_at and moves last_seen_at, a resolved one is re-opened
 * as new. The repair state in `detail.repair` belongs to the open finding, so a re-check
 * does not wipe it (and a re-opened finding starts without one).
 */
export async function upsertFindings(db: Executor, rows: readonly FindingInput[]): Promise<UpsertedFinding[]> {
  if (rows.length === 0) return [];
  // ON CONFLICT may touch a row once per statement: the last of a repeated key wins.
  const unique = new Map(rows.map((r) => [`${r.kind}\0${findingScope(r)}`, r]));
  const payload = JSON.stringify(
    [...unique.values()].map((r) => ({
      symbol_id: r.symbolId,
      timeframe: r.timeframe,
      session_date: r.sessionDate,
      kind: r.kind,
      scope: findingScope(r),
      detail: r.detail,
    })),
  );
  const out = await db.execute<FindingDbRow>(sql`
    insert into quality_findings as f (symbol_id, timeframe, session_date, kind, scope, detail)
    select symbol_id, timeframe, session_date, kind, scope, detail
    from jsonb_to_recordset(${payload}::jsonb)
         as x(symbol_id int, timeframe timeframe, session_date date, kind text, scope text, detail jsonb)
    on conflict (kind, scope) do update set
      detail = case when f.resolved_at is null and f.detail -> 'repair' is not null
                    then excluded.detail || jsonb_build_object('repair', f.detail -> 'repair')
                    else excluded.detail end,
      first_seen_at = case when f.resolved_at is null then f.first_seen_at else now() end,
      last_seen_at = now(),
      resolved_at = null
    returning id, symbol_id, timeframe, session_date::text as session_date, kind, detail, first_seen_at,
              first_seen_at < now() as repeated`);
  return out.map((r) => ({
    id: Number(r.id), // int8 arrives as text
    symbolId: r.symbol_id,
    timeframe: r.timeframe,
    sessionDate: r.session_date,
    kind: r.kind,
    detail: r.detail,
    firstSeenAt: toDate(r.first_seen_at),
    repeated: r.repeated,
  }));
}

/** What one check looked at: findings inside it that the check did not see again are gone. */
export interface CheckedScope {
  symbolIds: readonly number[];
  timeframe: Timeframe;
  kinds: readonly FindingKind[];
  /** Inclusive New York dates. Findings without a session date (whole series) are in scope too. */
  fromDate: string;
  toDate: string;
}

/** Resolves the open findings of a scope other than `seenIds`; returns how many. */
export async function resolveFindings(db: Executor, scope: CheckedScope, seenIds: readonly number[]): Promise<number> {
  if (scope.symbolIds.length === 0 || scope.kinds.length === 0) return 0;
  const rows = await db.execute(sql`
    update quality_findings set resolved_at = now()
    where resolved_at is null
      and symbol_id = any(${pgArray(scope.symbolIds)}::int[])
      and timeframe = ${scope.timeframe}
      and kind = any(${pgArray(scope.kinds)}::text[])
      and (session_date is null or session_date between ${scope.fromDate}::date and ${scope.toDate}::date)
      and id <> all(${pgArray(seenIds)}::int8[])
    returning id`);
  return rows.length;
}

/** Resolves one open finding (a repair that filled its gap). */
export async function resolveFinding(db: Executor, key: FindingKey): Promise<boolean> {
  const rows = await db.execute(sql`
    update quality_findings set resolved_at = now()
    where kind = ${key.kind} and scope = ${findingScope(key)} and resolved_at is null
    returning id`);
  return rows.length > 0;
}

export interface RepairAttempt {
  provider: string;
  /** What the provider answered, e.g. "no bars" or "12 of 26 bars". */
  answer: string;
}

/**
 * Counts a repair that left the gap open, in the gap finding's `detail.repair` (opening the
 * finding if the check has not recorded it yet). Returns the attempts so far, which is how
 * repairs are counted across job runs.
 */
export async function recordRepairAttempt(
  db: Executor,
  key: Omit<FindingKey, 'kind'>,
  attempt: RepairAttempt,
): Promise<number> {
  const first = JSON.stringify({ repair: { attempts: 1, provider: attempt.provider, lastAnswer: attempt.answer } });
  const [row] = await db.execute<{ attempts: number }>(sql`
    insert into quality_findings as f (symbol_id, timeframe, session_date, kind, scope, detail)
    values (${key.symbolId}, ${key.timeframe}, ${key.sessionDate}::date, 'gap', ${findingScope(key)}, ${first}::jsonb)
    on conflict (kind, scope) do update set
      detail = f.detail || jsonb_build_object('repair', jsonb_build_object(
        'attempts', case when f.resolved_at is null then coalesce((f.detail #>> '{repair,attempts}')::int, 0) + 1 else 1 end,
        'provider', ${attempt.provider}::text,
        'lastAnswer', ${attempt.answer}::text)),
      first_seen_at = case when f.resolved_at is null then f.first_seen_at else now() end,
      last_seen_at = now(),
      resolved_at = null
    returning (detail #>> '{repair,attempts}')::int as attempts`);
  return row?.attempts ?? 1;
}

/** A finding as listed: the schema's row with the symbol's ticker in place of its id. */
export type FindingRow = Omit<typeof qualityFindings.$inferSelect, 'symbolId' | 'scope'> & { symbol: string | null };

export interface FindingFilter {
  symbolId?: number;
  timeframe?: Timeframe;
  kind?: string;
  /** Default true. */
  openOnly?: boolean;
  limit: number;
  offset?: number;
}

/** Findings, most recently seen first. */
export async function listFindings(db: Executor, f: FindingFilter): Promise<FindingRow[]> {
  const rows = await db.execute<{
    id: string; ticker: string | null; timeframe: Timeframe | null; session_date: string | null; kind: string;
    detail: Record<string, unknown>; first_seen_at: string; last_seen_at: string; resolved_at: string | null;
  }>(sql`
    select q.id, s.ticker, q.timeframe, q.session_date::text as session_date, q.kind, q.detail,
           q.first_seen_at, q.last_seen_at, q.resolved_at
    from quality_findings q left join symbols s on s.id = q.symbol_id
    where true
      ${f.openOnly === false ? sql`` : sql`and q.resolved_at is null`}
      ${f.symbolId !== undefined ? sql`and q.symbol_id = ${f.symbolId}` : sql``}
      ${f.timeframe !== undefined ? sql`and q.timeframe = ${f.timeframe}` : sql``}
      ${f.kind !== undefined ? sql`and q.kind = ${f.kind}` : sql``}
    order by q.last_seen_at desc, q.id desc
    limit ${f.limit} offset ${f.offset ?? 0}`);
  return rows.map((r) => ({
    id: Number(r.id),
    symbol: r.ticker,
    timeframe: r.timeframe,
    sessionDate: r.session_date,
    kind: r.kind,
    detail: r.detail,
    firstSeenAt: toDate(r.first_seen_at),
    lastSeenAt: toDate(r.last_seen_at),
    resolvedAt: toDate(r.resolved_at),
  }));
}

/** Open findings per kind (served by the partial index on open findings). */
export async function countOpenFindings(db: Executor): Promise<Map<string, number>> {
  const rows = await db.execute<{ kind: string; n: number }>(sql`
    select kind, count(*)::int as n from quality_findings where resolved_at is null group by kind`);
  return new Map(rows.map((r) => [r.kind, r.n]));
}
