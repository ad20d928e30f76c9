import { sql } from 'drizzle-orm';
import type { Executor } from '../client';

/** One monthly partition of option_snapshots: rows with from <= session_date < to. */
export interface SnapshotPartition {
  name: string;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, exclusive. */
  to: string;
}

// Any constant: partition DDL from two workers at once waits for the first instead of failing.
const PARTITION_LOCK = 7_146_208;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/;

const monthStart = (date: string): string => `${date.slice(0, 7)}-01`;

function nextMonth(first: string): string {
  const y = Number(first.slice(0, 4));
  const m = Number(first.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export const snapshotPartitionName = (date: string): string => `option_snapshots_${date.slice(0, 4)}${date.slice(5, 7)}`;

/** The partitions that exist, oldest first, with their bounds as PostgreSQL reports them. */
export async function listSnapshotPartitions(db: Executor): Promise<SnapshotPartition[]> {
  const rows = await db.execute<{ name: string; bound: string }>(sql`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'option_snapshots'`);
  const parts: SnapshotPartition[] = [];
  for (const r of rows) {
    const m = /FROM \('(\d{4}-\d{2}-\d{2})'\) TO \('(\d{4}-\d{2}-\d{2})'\)/.exec(r.bound);
    // Only partitions of the monthly form are managed; anything else (a DEFAULT an operator
    // attached) is left alone.
    if (m) parts.push({ name: r.name, from: m[1]!, to: m[2]! });
  }
  return parts.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/**
 * Creates the monthly partitions covering `from`..`to` (dates, inclusive) that do not exist yet;
 * returns the names it created. Safe when several processes run it at once.
 */
export async function ensureSnapshotPartitions(db: Executor, from: string, to: string): Promise<string[]> {
  for (const d of [from, to]) if (!DATE.test(d)) throw new RangeError(`partition dates must be YYYY-MM-DD, got ${d}`);
  const months: string[] = [];
  for (let m = monthStart(from); m <= to; m = nextMonth(m)) months.push(m);
  const existing = new Set((await listSnapshotPartitions(db)).map((p) => p.from));
  const missing = months.filter((m) => !existing.has(m));
  if (missing.length === 0) return [];
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PARTITION_LOCK})`);
    const created: string[] = [];
    const now = new Set((await listSnapshotPartitions(tx)).map((p) => p.from));
    for (const m of missing) {
      if (now.has(m)) continue;
      const name = snapshotPartitionName(m);
      await tx.execute(
        sql.raw(`create table if not exists "${name}" partition of option_snapshots for values from ('${m}') to ('${nextMonth(m)}')`),
      );
      created.push(name);
    }
    return created;
  });
}

/**
 * Drops whole partitions whose every possible row is older than `cutoff` (the partition ends on or
 * before it); a partition straddling the cutoff is kept whole. Never deletes rows. Returns the
 * partitions dropped.
 */
export async function dropSnapshotPartitionsBefore(db: Executor, cutoff: string): Promise<SnapshotPartition[]> {
  const old = (await listSnapshotPartitions(db)).filter((p) => p.to <= cutoff);
  if (old.length === 0) return [];
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PARTITION_LOCK})`);
    for (const p of old) await tx.execute(sql.raw(`drop table if exists "${p.name}"`));
  });
  return old;
}
