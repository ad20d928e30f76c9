import { join } from 'node:path';
import { createDatabase, type Database } from '@marketfleet/db';
import { createQueueBackend, Producer, type QueueBackend } from '@marketfleet/jobs';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded/postgres';
import type { Env } from './env';
import { createLogger, guardDatabase, type Logger } from '@marketfleet/runtime';

/** What a command works with; opened lazily, closed once by `withContext`. */
export interface Context {
  env: Env;
  logger: Logger;
  databaseUrl(): Promise<string>;
  database(): Promise<Database>;
  backend(): Promise<QueueBackend>;
  producer(): Promise<Producer>;
}

/** Runs a command with the fleet's configuration; the embedded database when DATABASE_URL is unset. */
export async function withContext<T>(env: Env, run: (ctx: Context) => Promise<T>): Promise<T> {
  const logger = createLogger('marketfleet', env.LOG_LEVEL);
  let embedded: EmbeddedDatabase | undefined;
  let url: string | undefined;
  let database: Database | undefined;
  let backend: QueueBackend | undefined;
  let producer: Producer | undefined;

  const ctx: Context = {
    env,
    logger,
    async databaseUrl() {
      if (url) return url;
      if (env.DATABASE_URL) return (url = env.DATABASE_URL);
      embedded = await startEmbeddedPostgres({
        dataDir: join(env.DATA_DIR, 'postgres'),
        port: env.EMBEDDED_PG_PORT,
        log: (line) => logger.debug(line),
      });
      return (url = embedded.url);
    },
    async database() {
      if (database) return database;
      const dbUrl = await ctx.databaseUrl();
      // A command that waits (backfill) or works (--inline) through a database restart needs a
      // client that outlives it. The commands say themselves when the database is away.
      const quiet = logger.isLevelEnabled('info') ? logger : logger.child({}, { level: 'error' });
      return (database = guardDatabase(() => createDatabase(dbUrl, { max: 4, appName: 'marketfleet-cli' }), { url: dbUrl, logger: quiet }));
    },
    async backend() {
      return (backend ??= createQueueBackend({
        databaseUrl: await ctx.databaseUrl(),
        redisUrl: env.REDIS_URL,
        prefix: env.QUEUE_PREFIX,
      }));
    },
    async producer() {
      return (producer ??= new Producer(await ctx.backend(), (await ctx.database()).db));
    },
  };
  try {
    return await run(ctx);
  } finally {
    await producer?.close();
    await database?.close();
    await embedded?.stop();
  }
}
