import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { runMigrations } from '@marketfleet/db';
import { migrateQueueSchema } from '@marketfleet/jobs';

export const ROOT = join(__dirname, '..');

/** The PostgreSQL server benchmarks create their throwaway database on. */
export const adminUrl = () =>
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createDatabase(name: string): Promise<string> {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl(), name);
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

/**
 * A benchmark's own database, `mf_bench_<kind>_<random>`, migrated: the app's schema, and the
 * queues' unless they run elsewhere (Redis). Dropped again when migrating fails.
 */
export async function benchDatabase(kind: string, { queues = true } = {}): Promise<{ name: string; url: string }> {
  const name = `mf_bench_${kind}_${randomBytes(3).toString('hex')}`;
  const url = await createDatabase(name);
  try {
    await runMigrations(url);
    if (queues) await migrateQueueSchema(url);
  } catch (err) {
    await dropDatabase(name);
    throw err;
  }
  return { name, url };
}

/** Bundles an app as production does (apps/<app>/dist/main.js). */
export function buildApp(app: string): void {
  const res = spawnSync(process.execPath, [join(ROOT, 'tools', 'build-app.mjs')], { cwd: join(ROOT, 'apps', app), stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`building ${app} failed`);
}

/** The NODE_OPTIONS an app's Deployment sets (infra/k8s/base/<app>.yaml), so a benchmark runs it as deployed. */
export function deployedNodeOptions(app: string): string | undefined {
  const manifest = readFileSync(join(ROOT, 'infra', 'k8s', 'base', `${app}.yaml`), 'utf8');
  return /- name: NODE_OPTIONS\s*\n\s*value: "([^"]*)"/.exec(manifest)?.[1];
}

/**
 * Runs an app's production bundle as its own process (so its memory can be read), with the Node
 * options it is deployed with; its logs are inherited, or piped to be measured.
 */
export function startApp(app: string, env: Record<string, string>, stdout: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  const deployed = deployedNodeOptions(app);
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ') ?? []), join(ROOT, 'apps', app, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', METRICS_PORT: '0', ...(deployed ? { NODE_OPTIONS: deployed } : {}), ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
  return child;
}

/** Peak resident set size of a live process, in MB (Linux). */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
