import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

// The embedded default end to end: one command boots PostgreSQL, migrates, seeds the
// watchlist and runs every app; the chart serves bars; Ctrl-C stops it all; a restart
// finds the data again.
const ROOT = join(__dirname, '..', '..', '..');
const WATCHLIST = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'SPY', 'QQQ'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** The embedded default's app key, made at its first start beside its database. */
let appKey = '';

async function barsFor(port: number, symbol: string, timeframe: string): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v1/chart?symbol=${symbol}&timeframe=${timeframe}`, {
      headers: { authorization: `Bearer ${appKey}` },
    });
    if (!res.ok) return 0;
    return ((await res.json()) as { bars: unknown[] }).bars.length;
  } catch {
    return 0;
  }
}

/** Ranked option contracts in the chart of every watchlist symbol. */
async function allRanked(port: number): Promise<boolean> {
  for (const symbol of WATCHLIST) {
    const res = await fetch(`http://127.0.0.1:${port}/v1/chart?symbol=${symbol}`, { headers: { authorization: `Bearer ${appKey}` } }).catch(() => null);
    if (!res?.ok || ((await res.json()) as { optionsRanks: unknown[] }).optionsRanks.length === 0) return false;
  }
  return true;
}

async function allCharted(port: number): Promise<boolean> {
  for (const symbol of WATCHLIST) {
    for (const tf of ['m15', 'h1', 'd1']) if ((await barsFor(port, symbol, tf)) === 0) return false;
  }
  return true;
}

describe('marketfleet start (embedded default)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'marketfleet-start-'));
  let env: NodeJS.ProcessEnv;
  let fleet: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    const [pg, api, metrics] = await Promise.all([freePort(), freePort(), freePort()]);
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = process.env;
    env = { ...rest, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pg), PORT: String(api), METRICS_PORT_BASE: String(metrics), LOG_LEVEL: 'warn' };
  });
  afterAll(() => {
    fleet?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const launch = () => {
    output = '';
    fleet = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'start'], { cwd: ROOT, env });
    fleet.stdout!.on('data', (d: Buffer) => (output += d));
    fleet.stderr!.on('data', (d: Buffer) => (output += d));
  };
  const stop = async () => {
    const exited = new Promise<number | null>((r) => fleet!.once('exit', (code) => r(code)));
    fleet!.kill('SIGINT');
    return exited;
  };
  const waitFor = async (ok: () => Promise<boolean>, ms: number) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await ok()) return true;
      await new Promise((r) => setTimeout(r, 1000));
    }
    return false;
  };

  test('serves m15, h1 and d1 bars and ranked options for every watchlist symbol within two minutes of a cold start', async () => {
    launch();
    const started = Date.now();
    await waitFor(async () => existsSync(join(dataDir, 'api-keys.json')), 60_000);
    appKey = (JSON.parse(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')) as { app: string }).app;
    const ok = await waitFor(() => allCharted(Number(env.PORT)), 120_000);
    if (!ok) throw new Error(`no bars after 120 s; output:\n${output.slice(-4000)}`);
    const ranked = await waitFor(() => allRanked(Number(env.PORT)), 120_000 - (Date.now() - started));
    if (!ranked) throw new Error(`no ranked options in every chart within 120 s; output:\n${output.slice(-4000)}`);
    expect(Date.now() - started).toBeLessThan(120_000);
    // Data needs a key; the page the start message links to does not.
    expect((await fetch(`http://127.0.0.1:${env.PORT}/v1/chart?symbol=AAPL`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${env.PORT}/`)).status).toBe(200);
    expect(output).toContain(`/#key=${appKey}`);
  }, 150_000);

  let barsBefore = 0;
  const countBars = async () => {
    const sql = postgres(`postgres://postgres:marketfleet@127.0.0.1:${env.EMBEDDED_PG_PORT}/marketfleet`, { max: 1 });
    try {
      const [row] = await sql<{ n: number; oldest: Date }[]>`select count(*)::int as n, min(fetched_at) as oldest from bars`;
      return row!;
    } finally {
      await sql.end();
    }
  };

  test('Ctrl-C stops every process and the database', async () => {
    barsBefore = (await countBars()).n;
    expect(await stop()).toBe(0);
    expect(await listening(Number(env.PORT))).toBe(false);
    expect(await listening(Number(env.EMBEDDED_PG_PORT))).toBe(false);
    for (let i = 0; i < 3; i++) expect(await listening(Number(env.METRICS_PORT_BASE) + i)).toBe(false);
  }, 60_000);

  test('a restart finds the stored bars again', async () => {
    const restartedAt = new Date();
    launch();
    expect(await waitFor(() => barsFor(Number(env.PORT), 'AAPL', 'd1').then((n) => n > 0), 60_000)).toBe(true);
    const after = await countBars();
    expect(after.n).toBeGreaterThanOrEqual(barsBefore);
    expect(after.oldest.getTime()).toBeLessThan(restartedAt.getTime());
    expect(await stop()).toBe(0);
  }, 90_000);
});
