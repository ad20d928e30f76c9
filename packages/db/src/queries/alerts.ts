import { desc, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { alerts } from '../schema';
import { pgArray } from './pg-array';

export const ALERT_SEVERITIES = ['warning', 'critical'] as const satisfies readonly AlertRow['severity'][];
export type AlertSeverity = AlertRow['severity'];

export interface AlertInput {
  /** One open alert per key, e.g. `gap:AAPL:m15`, `job-failing:backfill-chunk`. */
  key: string;
  kind: string;
  severity: AlertSeverity;
  message: string;
  detail?: Record<string, unknown>;
}

export interface RaisedAlert {
  id: number;
  key: string;
  occurrences: number;
  /** This call opened it (rather than bumping the open one). */
  opened: boolean;
}

/**
 * Opens an alert per key, or bumps the open one (occurrences + 1, last_seen_at, latest
 * message and detail). A resolved alert stays as history: the key opens a new one.
 */
export async function raiseAlerts(db: Executor, alerts: readonly AlertInput[]): Promise<RaisedAlert[]> {
  if (alerts.length === 0) return [];
  const unique = new Map(alerts.map((a) => [a.key, a]));
  const payload = JSON.stringify(
    [...unique.values()].map((a) => ({ key: a.key, kind: a.kind, severity: a.severity, message: a.message, detail: a.detail ?? {} })),
  );
  const rows = await db.execute<{ id: string; key: string; occurrences: number; opened: boolean }>(sql`
    insert into alerts as a (key, kind, severity, message, detail)
    select key, kind, severity, message, detail
    from jsonb_to_recordset(${payload}::jsonb) as x(key text, kind text, severity text, message text, detail jsonb)
    on conflict (key) where resolved_at is null do update set
      occurrences = a.occurrences + 1, last_seen_at = now(),
      severity = excluded.severity, message = excluded.message, detail = excluded.detail
    returning a.id, a.key, a.occurrences, a.occurrences = 1 as opened`);
  return rows.map((r) => ({ id: Number(r.id), key: r.key, occurrences: r.occurrences, opened: r.opened }));
}

/** Resolves the open alerts with these keys; returns how many. */
export async function resolveAlerts(db: Executor, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await db.execute(sql`
    update alerts set resolved_at = now()
    where resolved_at is null and key = any(${pgArray(keys)}::text[])
    returning id`);
  return rows.length;
}

/** Resolves the open alerts of a kind except those with the given keys (the ones still seen). */
export async function resolveAlertsOfKind(db: Executor, kind: string, keep: readonly string[]): Promise<number> {
  const rows = await db.execute(sql`
    update alerts set resolved_at = now()
    where resolved_at is null and kind = ${kind} and key <> all(${pgArray(keep)}::text[])
    returning id`);
  return rows.length;
}

export type AlertRow = typeof alerts.$inferSelect;

/** Alerts, most recently seen first; open ones only unless `all`. */
export async function listAlerts(db: Executor, opts: { all?: boolean; limit?: number } = {}): Promise<AlertRow[]> {
  return db
    .select()
    .from(alerts)
    .where(opts.all ? undefined : isNull(alerts.resolvedAt))
    .orderBy(desc(alerts.lastSeenAt), desc(alerts.id))
    .limit(opts.limit ?? 500);
}

/** Open alerts per severity. */
export async function countOpenAlerts(db: Executor): Promise<Map<string, number>> {
  const rows = await db.execute<{ severity: string; n: number }>(sql`
    select severity, count(*)::int as n from alerts where resolved_at is null group by severity`);
  return new Map(rows.map((r) => [r.severity, r.n]));
}
