import { setTimeout as sleep } from 'node:timers/promises';
import { schemaStatus } from '@marketfleet/db';
import { parse, UsageError } from '../args';
import type { Context } from '../context';
import { redact } from './migrate';

const POLL_MS = 5_000;

/**
 * Exits 0 once the database has every migration this build ships, else 3 naming the pending
 * ones. With `--wait S` it keeps asking for up to S seconds: the apps' init container, which
 * holds a release back until the migration Job of the same release has run. It never migrates.
 */
export async function schemaCheck(ctx: Context, argv: string[]): Promise<number> {
  const opts = parse(argv, { wait: { type: 'string' } });
  const waitS = opts.wait === undefined ? 0 : Number(opts.wait);
  if (!Number.isFinite(waitS) || waitS < 0) throw new UsageError(`--wait: expected seconds, got "${opts.wait}"`);
  const url = await ctx.databaseUrl();
  const deadline = Date.now() + waitS * 1000;
  for (;;) {
    let status: Awaited<ReturnType<typeof schemaStatus>> | undefined;
    let error: string | undefined;
    try {
      status = await schemaStatus(url);
    } catch (err) {
      // The database may still be starting: while waiting, that is one more reason to wait.
      error = (err as Error).message;
    }
    if (status?.current) {
      console.log(`schema current in ${redact(url)}`);
      return 0;
    }
    const why = status ? `pending migrations: ${status.pending.join(', ')}` : `database not answering: ${error}`;
    if (Date.now() + POLL_MS > deadline) {
      console.error(`schema not current in ${redact(url)}; ${why}`);
      return 3;
    }
    console.log(`waiting for the schema (${why})`);
    await sleep(POLL_MS);
  }
}
