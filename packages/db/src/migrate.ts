import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import postgres from 'postgres';

/** Next to the sources; from a bundled app, found through the installed package. */
export const MIGRATIONS_DIR = existsSync(join(__dirname, '..', 'migrations'))
  ? join(__dirname, '..', 'migrations')
  : join(dirname(require.resolve('@marketfleet/db/package.json')), 'migrations');

// Any constant: it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 7_146_201;

/**
 * Applies the committed migrations. Idempotent, and safe when several processes start
 * at once: an advisory lock lets one of them migrate while the others wait.
 */
export async function runMigrations(url: string, migrationsFolder = MIGRATIONS_DIR): Promise<void> {
  // One connection, so the lock and the migration share a session.
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(sql), { migrationsFolder });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export interface SchemaStatus {
  /** Every migration this code ships has been applied (the database may be newer still). */
  current: boolean;
  /** Tags of the shipped migrations not applied yet, oldest first. */
  pending: string[];
}

/**
 * Compares the shipped migrations with what the database has applied, the way drizzle's
 * migrator decides what to run: by the newest applied migration's timestamp. Read-only.
 */
export async function schemaStatus(url: string, migrationsFolder = MIGRATIONS_DIR): Promise<SchemaStatus> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [table] = await sql<{ present: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as present`;
    const [row] = table?.present
      ? await sql<{ latest: string | null }[]>`select max(created_at)::text as latest from drizzle.__drizzle_migrations`
      : [];
    const latest = row?.latest == null ? -Infinity : Number(row.latest);
    const pending = journal.entries.filter((e) => e.when > latest).map((e) => e.tag);
    return { current: pending.length === 0, pending };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
