import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

/** How much of each process's output is kept for failure messages. */
const OUTPUT_LINES = 400;

export interface AppProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Set when the test stops it on purpose; any other exit fails the waits at once. */
  exitExpected: boolean;
  output(): string;
  /** Whether a line containing `text` has been printed so far. */
  printed(text: string): boolean;
}

const running = new Set<AppProcess>();
const everStarted: AppProcess[] = [];

/** The environment children start from: this one without anything that picks a datastore. */
export function baseEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, REDIS_URL: _r, QUEUE_PREFIX: _q, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'test' };
}

/** Runs `apps/<app>/src/main.ts` the way the fleet does (TypeScript through tsx); `args` for the CLI's command. */
export function startApp(app: string, name: string, env: Record<string, string>, args: readonly string[] = []): AppProcess {
  return startProcess(name, process.execPath, ['--import', 'tsx', join(ROOT, 'apps', app, 'src', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { ...baseEnv(), ...env },
  });
}

/** Runs any command as a tracked process: its output kept, its exit awaited, killed by `killAll`. */
export function startProcess(name: string, command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): AppProcess {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  const collect = (d: Buffer) => {
    const parts = (partial + d.toString('utf8')).split('\n');
    partial = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      if (lines.length > OUTPUT_LINES) lines.shift();
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const proc: AppProcess = {
    name,
    child,
    exited,
    exitExpected: false,
    output: () => [...lines, partial].join('\n'),
    printed: (text) => lines.some((l) => l.includes(text)) || partial.includes(text),
  };
  running.add(proc);
  everStarted.push(proc);
  void exited.then(() => running.delete(proc));
  return proc;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to its end (`pnpm marketfleet <args>`), with the environment on top of the test's. */
export function runCli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps', 'cli', 'src', 'main.ts'), ...args], {
      cwd: ROOT,
      env: { ...baseEnv(), LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export const isRunning = (p: AppProcess) => p.child.exitCode === null && p.child.signalCode === null;

/** Sends a signal the test means to send: the exit that follows is not a failure. */
export function signal(p: AppProcess, sig: NodeJS.Signals): void {
  p.exitExpected = true;
  p.child.kill(sig);
}

function crashed(): AppProcess[] {
  return everStarted.filter((p) => !p.exitExpected && !isRunning(p));
}

/** The tail of every process this file started, for a failure message. */
export function allOutput(): string {
  return everStarted.map((p) => `----- ${p.name} (${isRunning(p) ? 'running' : `exited ${p.child.exitCode ?? p.child.signalCode}`}) -----\n${p.output().split('\n').slice(-80).join('\n')}`).join('\n');
}

/** Kills whatever is still running (afterAll, also after a failure). */
export async function killAll(): Promise<void> {
  const left = [...running];
  for (const p of left) signal(p, 'SIGKILL');
  await Promise.all(left.map((p) => p.exited));
  everStarted.length = 0;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Polls `read` until `ok` holds. Past the deadline it throws naming what was awaited,
 * the last value seen and the processes' output, so a hang is diagnosable from CI logs.
 */
export async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms: number, pollMs = 200): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  let lastErr: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
      lastErr = undefined;
    } catch (err) {
      lastErr = err;
    }
    const dead = crashed();
    if (dead.length > 0) {
      throw new Error(`${dead.map((p) => p.name).join(', ')} exited while waiting for ${what}\n${allOutput()}`);
    }
    if (Date.now() > deadline) {
      const seen = lastErr ? `last error: ${(lastErr as Error).message}` : `last value: ${JSON.stringify(last)?.slice(0, 2000)}`;
      throw new Error(`timed out after ${ms} ms waiting for ${what}; ${seen}\n${allOutput()}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Fails with the processes' output when a process exits before the test is done with it. */
export function expectAlive(...procs: AppProcess[]): void {
  const dead = procs.filter((p) => !isRunning(p));
  if (dead.length > 0) throw new Error(`${dead.map((p) => p.name).join(', ')} exited unexpectedly\n${allOutput()}`);
}

/** Waits for a process to exit, at most `ms`. */
export async function exitWithin(p: AppProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${p.name} did not exit within ${ms} ms\n${allOutput()}`)), ms);
  });
  try {
    return await Promise.race([p.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
