import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { createDatabase, MIGRATIONS_DIR, runMigrations, type Database } from '@marketfleet/db';

/** Where the tests find PostgreSQL; `pnpm test` makes sure it is running. */
export const adminUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** The template's name changes with the migrations, so a stale template is never used. */
export function templateName(): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  }
  return `mf_tpl_${hash.digest('hex').slice(0, 12)}`;
}

const TEST_DB_PREFIX = 'mf_test_';
const ABANDONED_AFTER_S = 2 * 3600;

/**
 * Creates the migrated template once per schema version (jest global setup), and drops
 * test databases that crashed runs left behind.
 */
export async function prepareTemplate(extraMigrations?: (url: string) => Promise<void>): Promise<string> {
  const name = templateName();
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(4242)`;
    const stale = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${TEST_DB_PREFIX + '%'}`;
    const now = Date.now() / 1000;
    for (const { datname } of stale) {
      const created = Number(datname.split('_')[2]);
      if (now - created > ABANDONED_AFTER_S) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      const building = `${name}_build`;
      await admin.unsafe(`drop database if exists "${building}" with (force)`);
      await admin.unsafe(`create database "${building}"`);
      await runMigrations(databaseUrl(building));
      if (extraMigrations) await extraMigrations(databaseUrl(building));
      await admin.unsafe(`alter database "${building}" rename to "${name}"`);
    }
    await admin`select pg_advisory_unlock(4242)`;
  } finally {
    await admin.end({ timeout: 5 });
  }
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  database: Database;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file (cloned from the template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${TEST_DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${templateName()}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = databaseUrl(name);
  const database = createDatabase(url, { max: 4, appName: 'marketfleet-test' });
  return {
    name,
    url,
    database,
    async drop() {
      await database.close();
      const a = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      try {
        // Clients still closing (a queue's pool ending) get a moment before `force` cuts them:
        // a connection killed mid-close surfaces as an unhandled error in the test's process.
        for (let i = 0; i < 20; i++) {
          const [row] = await a<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = ${name}`;
          if (row!.n === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    },
  };
}
