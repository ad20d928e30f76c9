import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { existsSync } from 'node:fs';
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
