import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eachLine, formatLogLine } from './log-lines';
import { STOP_WITH_PARENT_ENV } from '@marketfleet/runtime';

export interface AppSpec {
  name: string;
  /** Relative to the repository root. */
  entry: string;
  env: Record<string, string>;
}

const ROOT = join(__dirname, '..', '..', '..', '..');
const RESTART_DELAY_MS = 2_000;

/**
 * Runs each app as a child process (TypeScript through tsx), prefixes its log lines
 * with its name, restarts one that crashes, and stops them all on request.
 */
export class ProcessGroup {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  constructor(
    private readonly apps: AppSpec[],
    private readonly baseEnv: NodeJS.ProcessEnv,
    private readonly write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  ) {}

  start(): void {
    for (const app of this.apps) this.spawn(app);
  }

  private spawn(app: AppSpec): void {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, app.entry)], {
      cwd: ROOT,
      // Should this process die without stopping them, the apps stop on their own.
      env: { ...this.baseEnv, ...app.env, [STOP_WITH_PARENT_ENV]: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(app.name, child);
    eachLine(child.stdout!, (l) => this.write(formatLogLine(app.name, l)));
    eachLine(child.stderr!, (l) => this.write(formatLogLine(app.name, l)));
    child.on('exit', (code, signal) => {
      this.children.delete(app.name);
      if (this.stopping) return;
      this.write(formatLogLine(app.name, `exited (${signal ?? code}); restarting in ${RESTART_DELAY_MS / 1000}s`));
      setTimeout(() => this.stopping || this.spawn(app), RESTART_DELAY_MS).unref();
    });
  }

  /** SIGTERM to every app, then SIGKILL to any still running after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    const exits = [...this.children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  }
}
