import { CommandError, UsageError } from './args';
import { backfill } from './commands/backfill';
import { backfillStatus } from './commands/backfill-status';
import { calendar } from './commands/calendar';
import { corporateActions } from './commands/corporate-actions';
import { coverage } from './commands/coverage';
import { evaluate } from './commands/evaluate';
import { exportBars } from './commands/export-bars';
import { importBars } from './commands/import-bars';
import { migrate } from './commands/migrate';
import { postgres } from './commands/postgres';
import { schemaCheck } from './commands/schema-check';
import { start } from './commands/start';
import { watchlist } from './commands/watchlist';
import { withContext, type Context } from './context';
import { EmbeddedPostgresMissing } from './embedded/postgres';
import { errorLine, isEnvironmental } from './errors';
import { loadEnv } from './env';

const USAGE = `usage: pnpm marketfleet <command> [options]

  start                                   run the whole fleet (api, scheduler, workers)
  migrate                                 apply the database migrations (idempotent)
  schema-check [--wait S]                 exit 0 when every shipped migration is applied, else 3;
                                          --wait: keep asking for up to S seconds
  calendar --from D --to D [--json]       trading sessions, open and close in UTC
  backfill --symbols A,B --timeframes m15,h1,d1 --from D --to D [--inline]
                                          queue chunk jobs and wait; --inline also runs them here
  backfill-status [ID]                    recent backfills with progress, or one with its unfinished chunks
  coverage --symbol S [--timeframe T]     expected vs stored bars over the history depth, gaps as ranges
  import-bars --symbol S --timeframe d1 --file F.csv [--provider NAME] [--skip-bad] [--holds raw|split|all]
  export-bars --symbol S --timeframe T [--from D --to D] [--format csv|json] [--adjustment raw|split|all]
  corporate-actions --symbol S [--json]   stored splits, dividends and other actions
  evaluate --symbol S --timeframe d1 [--horizon 1D|1W|1M|15m|1h] [--from D --to D] [--json]
                                          walk-forward of the forecast models over stored bars: skill or no skill
  watchlist [list | add A,B | remove A,B]
  postgres [--data-dir D] [--port P]      only the embedded PostgreSQL, until stopped (prints its URL)

Configured like the fleet: DATABASE_URL (unset: embedded PostgreSQL under .data/),
REDIS_URL (unset: queues in PostgreSQL), MARKET_DATA_PROVIDER, ALPACA_* … (see README).`;

type Command = (ctx: Context, argv: string[]) => Promise<number | void>;

const COMMANDS: Record<string, Command> = {
  start,
  migrate: (ctx) => migrate(ctx),
  'schema-check': schemaCheck,
  backfill,
  'backfill-status': backfillStatus,
  coverage,
  'corporate-actions': corporateActions,
  'import-bars': importBars,
  'export-bars': exportBars,
  evaluate,
  watchlist,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  try {
    if (name === 'calendar') {
      calendar(rest);
      return 0;
    }
    if (name === 'postgres') return await postgres(loadEnv(), rest);
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command: ${name}`);
    return (await withContext(loadEnv(), (ctx) => command(ctx, rest))) ?? 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof EmbeddedPostgresMissing) {
      console.error(`marketfleet ${name}: ${err.message}`);
      return 1;
    }
    if (err instanceof CommandError) {
      console.error(err.message);
      return err.exitCode;
    }
    throw err;
  }
}

// Exit once stdout is flushed: a pipe (export-bars | …) would otherwise lose the tail.
const exit = (code: number) => process.stdout.write('', () => process.exit(code));

main(process.argv.slice(2)).then(
  (code) => exit(code),
  (err: unknown) => {
    // What the environment did (a refused connection, a database error) is said in one line;
    // anything else is a defect, and its stack is what helps.
    console.error(isEnvironmental(err) ? `marketfleet: ${errorLine(err)}` : err instanceof Error ? (err.stack ?? err.message) : err);
    exit(1);
  },
);
