export { createDatabase, type Database, type Db, type Executor, type Tx } from './client';
export { MIGRATIONS_DIR, runMigrations } from './migrate';
export * from './queries/bars';
export * from './queries/job-runs';
export * from './queries/ledger';
export * from './queries/quarantine';
export * from './queries/symbols';
export * as schema from './schema';
export * from './queries/quota';
