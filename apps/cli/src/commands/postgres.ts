import { join } from 'node:path';
import { parse } from '../args';
import { startEmbeddedPostgres } from '../embedded/postgres';
import type { Env } from '../env';

/**
 * The embedded PostgreSQL alone, in the foreground: prints `ready <url>` once it accepts
 * connections and stops it on SIGTERM or Ctrl-C. For a fleet whose apps run elsewhere (and for
 * the resilience tests, which restart a database of their own under running workers).
 */
export async function postgres(env: Env, argv: string[]): Promise<number> {
  const opts = parse(argv, { 'data-dir': { type: 'string' }, port: { type: 'string' } });
  const db = await startEmbeddedPostgres({
    dataDir: opts['data-dir'] ?? join(env.DATA_DIR, 'postgres'),
    port: opts.port ? Number(opts.port) : env.EMBEDDED_PG_PORT,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`ready ${db.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await db.stop();
  return 0;
}
