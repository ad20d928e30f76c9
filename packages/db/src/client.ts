import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export interface DatabaseOptions {
  /** Pool size of this process. */
  max?: number;
  /** Shown in pg_stat_activity, so an operator can tell the fleet's connections apart. */
  appName?: string;
  /**
   * Seconds between attempts to reconnect a pool slot that failed; the driver's default grows
   * with each failure up to 20 s. Tests of an unreachable database set 0 so each query fails at once.
   */
  reconnectBackoffS?: number;
}

export function createDatabase(url: string, opts: DatabaseOptions = {}) {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    connection: { application_name: opts.appName ?? 'marketfleet' },
    ...(opts.reconnectBackoffS !== undefined ? { backoff: () => opts.reconnectBackoffS! } : {}),
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

export type Database = ReturnType<typeof createDatabase>;
export type Db = Database['db'];
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What query functions take: the pool, or a transaction the caller owns. */
export type Executor = Db | Tx;
