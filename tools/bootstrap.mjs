#!/usr/bin/env node
// The two quickstart commands (`npm start`, `npm test`) land here. Each makes sure the
// workspace is installed with the pinned pnpm first, so a fresh machine needs only Node.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinnedNode } from './node-runtime.mjs';
import { ensureTestServices } from './test-services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmVersion = JSON.parse(
  (await import('node:fs')).readFileSync(join(root, 'package.json'), 'utf8'),
).packageManager.split('@')[1];

// The workspace's own binaries (turbo, jest, tsx and the pinned pnpm turbo looks for) come first.
const PATH = `${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`;

function run(cmd, args, env = process.env) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, PATH } });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

function pnpm(args, env) {
  return run('npx', ['--yes', `pnpm@${pnpmVersion}`, ...args], env);
}

function installed() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  if (!existsSync(marker)) return false;
  return statSync(marker).mtimeMs >= statSync(join(root, 'pnpm-lock.yaml')).mtimeMs;
}

function ensureInstalled() {
  if (installed()) return;
  console.log(`Installing the workspace with pnpm ${pnpmVersion}…`);
  const code = pnpm(['install', '--frozen-lockfile']);
  if (code !== 0) process.exit(code);
}

const [command, ...rest] = process.argv.slice(2);

// The suite and the benchmarks run on the release production runs (.nvmrc, the image's base): on
// any other Node this script starts again under that one, first on PATH so every tool it spawns
// (pnpm, turbo's tasks, jest and its workers, the apps a benchmark starts) uses it too.
// MARKETFLEET_TEST_NODE=current keeps the machine's Node instead.
if ((command === 'test' || command === 'bench') && process.env.MARKETFLEET_TEST_NODE !== 'current') {
  const node = pinnedNode();
  if (node !== process.execPath) {
    const PATH = `${dirname(node)}:${process.env.PATH ?? ''}`;
    const res = spawnSync(node, [fileURLToPath(import.meta.url), command, ...rest], { stdio: 'inherit', env: { ...process.env, PATH } });
    process.exit(res.status ?? 1);
  }
}

ensureInstalled();
const bin = (name) => join(root, 'node_modules', '.bin', name);

if (command === 'start') {
  process.exit(run(bin('tsx'), ['apps/cli/src/main.ts', 'start', ...rest]));
} else if (command === 'test') {
  const env = { ...process.env, ...(await ensureTestServices()) };
  console.log(`Testing on Node.js ${process.versions.node}`);
  // Types and lint (the import boundaries of docs/architecture.md among them) before any test runs.
  const checks = run(bin('turbo'), ['run', 'typecheck', 'lint', '--output-logs=errors-only'], env);
  if (checks !== 0) process.exit(checks);
  process.exit(run(bin('jest'), ['--runInBand', ...rest], env));
} else if (command === 'bench' && rest.length > 0) {
  const [name, ...args] = rest;
  console.log(`Benchmark ${name} on Node.js ${process.versions.node}`);
  process.exit(run(bin('tsx'), [`bench/${name}.ts`, ...args]));
} else {
  console.error('usage: bootstrap.mjs start|test|bench <name> [args…]');
  process.exit(2);
}
