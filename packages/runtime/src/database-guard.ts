import { Client } from 'pg';
import type { Logger } from 'pino';

interface Closable {
  db: object;
  /** The driver's tagged-template client (postgres.js `sql`). */
  sql: object;
  close(): Promise<unknown>;
}

export interface GuardedDatabase<D extends Closable> {
  /** Always the current client's `db`: pass this one around, never a copy of its parts. */
  db: D['db'];
  /** Always the current client's `sql`. */
  sql: D['sql'];
  /**
   * Called after the client was replaced. What a client holds beyond single queries (a LISTEN
   * subscription) ended with the old one and must be set up again on the new one.
   */
  onReplaced(listener: () => void): void;
  close(): Promise<void>;
}

/** A stand-in that forwards every use to whatever `current()` is now (a function or an object). */
function forwarder<T extends object>(current: () => T, callable = false): T {
  const read = (prop: string | symbol) => {
    const target = current();
    const value: unknown = Reflect.get(target, prop, target);
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  };
  // `callable`: a function target, so that a call (the `sql` template tag) is forwarded too.
  return new Proxy((callable ? function stand() {} : {}) as T, {
    get: (_, prop) => read(prop),
    has: (_, prop) => Reflect.has(current(), prop),
    apply: (_, thisArg, args) => Reflect.apply(current() as (...a: unknown[]) => unknown, thisArg, args),
  });
}

export interface GuardOptions {
  /** The same database, asked by a client of its own whether it restarted. */
  url: string;
  logger: Logger;
  checkMs?: number;
}

/**
 * The uncaught TypeError postgres.js 3.4.9 throws when a connection is lost in the middle
 * of a transaction: the ROLLBACK it writes is flushed from a setImmediate after the socket
 * is gone (porsager/postgres#1208, fixed upstream by guarding `nextWrite`).
 */
export function isPostgresJsWriteAfterClose(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    err.message.includes("reading 'write'") &&
    /\bnextWrite\b/.test(err.stack ?? '') &&
    /postgres/.test(err.stack ?? '')
  );
}

/**
 * Keeps a process's postgres.js client usable across a database restart.
 *
 * postgres.js 3.4.9 breaks on a connection lost mid-transaction: the ROLLBACK it then
 * writes either throws where no caller can catch it (the process dies), or its cleared
 * write timer is never reset, and that pool slot never sends another byte (every later
 * query on it ends in CONNECT_TIMEOUT, forever). Until the driver is patched, a process
 * survives by (1) not dying of that one TypeError and (2) replacing its whole client once
 * the database answers again: a watchdog on a `pg` connection of its own asks the server
 * when it started, and a changed answer, or an answer after a failure, swaps in a fresh
 * client. Work in flight on the old client fails and is retried by the queue.
 */
export function guardDatabase<D extends Closable>(make: () => D, opts: GuardOptions): GuardedDatabase<D> {
  const { logger } = opts;
  const checkMs = opts.checkMs ?? 2_000;
  let current = make();
  let startedAt: string | null = null;
  let lost = false;
  let closed = false;
  let probe: Client | null = null;
  let timer: NodeJS.Timeout | undefined;

  const replacedListeners: Array<() => void> = [];
  const renew = (reason: string) => {
    const old = current;
    current = make();
    logger.warn({ reason }, 'database client replaced');
    old.close().catch(() => undefined);
    for (const listener of replacedListeners) listener();
  };

  const onUncaught = (err: Error) => {
    if (isPostgresJsWriteAfterClose(err)) {
      logger.error({ err: err.message }, 'database connection lost mid-transaction; the client is replaced once the database answers');
      lost = true;
      return;
    }
    // Any other uncaught error keeps Node's default outcome: report it and exit.
    logger.fatal({ err: err.stack ?? String(err) }, 'uncaught exception');
    console.error(err);
    process.exit(1);
  };
  process.on('uncaughtException', onUncaught);

  const serverStart = async (): Promise<string> => {
    if (!probe) {
      const c = new Client({
        connectionString: opts.url,
        connectionTimeoutMillis: Math.max(1_000, checkMs),
        query_timeout: checkMs,
        application_name: 'db-watchdog',
      });
      // A connection cut by the server surfaces here; the next check reconnects.
      c.on('error', () => probe === c && (probe = null));
      c.on('end', () => probe === c && (probe = null));
      await c.connect();
      probe = c;
    }
    const { rows } = await probe.query<{ t: string }>('select pg_postmaster_start_time()::text as t');
    return rows[0]!.t;
  };

  const check = async () => {
    try {
      const t = await serverStart();
      if (startedAt !== null && t !== startedAt) renew('the database restarted');
      else if (lost) renew('the database answers again after a lost connection');
      startedAt = t;
      lost = false;
    } catch {
      lost = true;
      const p = probe;
      probe = null;
      await p?.end().catch(() => undefined);
    }
  };

  const loop = () => {
    if (closed) return;
    timer = setTimeout(() => void check().finally(loop), checkMs);
    timer.unref();
  };
  void check().finally(loop);

  // Handlers keep the `db` they were given at boot, so it forwards to whichever client is current.
  return {
    db: forwarder(() => current.db as D['db'] & object),
    sql: forwarder(() => current.sql as D['sql'] & object, true),
    onReplaced: (listener) => void replacedListeners.push(listener),
    async close() {
      closed = true;
      clearTimeout(timer);
      process.off('uncaughtException', onUncaught);
      await probe?.end().catch(() => undefined);
      await current.close();
    },
  };
}
