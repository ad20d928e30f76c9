// Makes sure the PostgreSQL and Redis the integration tests use are reachable on
// 127.0.0.1, starting (and if need be installing) them when they are not, and that
// the page's end-to-end test has a Chromium.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

function reachable(url, timeoutMs = 1500) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(url, what, seconds = 30) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await reachable(url, 250)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up at ${url}`);
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const sh = (cmd) => execSync(cmd, { stdio: 'inherit' });

function aptInstall(pkgs) {
  if (!has('apt-get')) throw new Error(`cannot install ${pkgs}: no apt-get on this machine`);
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  sh(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs}`);
}

async function ensurePostgres(url) {
  if (await reachable(url)) return;
  console.log(`PostgreSQL is not reachable at ${url}; starting it…`);
  if (!existsSync('/etc/postgresql')) aptInstall('postgresql');
  for (const version of readdirSync('/etc/postgresql')) {
    sh(`pg_ctlcluster --skip-systemctl-redirect ${version} main start || true`);
  }
  await waitFor(url, 'PostgreSQL');
  // Debian's cluster uses peer auth on the socket; the tests connect over TCP as postgres.
  sh(`su postgres -c "psql -qc \\"ALTER USER postgres PASSWORD NULL\\"" || true`);
}

async function ensureRedis(url) {
  if (await reachable(url)) return;
  console.log(`Redis is not reachable at ${url}; starting it…`);
  if (!has('redis-server')) aptInstall('redis-server');
  const { port } = new URL(url);
  sh(`redis-server --daemonize yes --bind 127.0.0.1 --port ${port || 6379} --save "" --appendonly no`);
  await waitFor(url, 'Redis');
}

/**
 * The page's end-to-end test drives a headless Chromium through playwright-core, which brings no
 * browser of its own: Debian's package provides one. Returns its path for CHROMIUM_PATH.
 */
function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const find = () =>
    existsSync('/usr/bin/chromium')
      ? '/usr/bin/chromium'
      : spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim() || undefined;
  const found = find();
  if (found) return found;
  console.log('Chromium is not installed; installing it for the page test…');
  aptInstall('chromium');
  const installed = find();
  if (!installed) throw new Error('chromium was installed but is not on PATH or at /usr/bin/chromium');
  return installed;
}

/**
 * The alert rules' tests (infra/test) run `promtool check rules` and `promtool test rules`:
 * Debian's `prometheus` package ships promtool (the server it also brings is left stopped).
 */
function ensurePromtool() {
  if (has('promtool')) return;
  console.log('promtool is not installed; installing Debian\'s prometheus package for the rule tests…');
  aptInstall('--no-install-recommends prometheus');
  if (!has('promtool')) throw new Error('the prometheus package was installed but promtool is not on PATH');
  // The package starts its server where an init system runs; the tests need only promtool.
  spawnSync('sh', ['-c', 'command -v systemctl >/dev/null && systemctl disable --now prometheus || true']);
}

/** Returns the environment the tests should run with. */
export async function ensureTestServices() {
  const env = {
    TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? DEFAULT_PG,
    TEST_REDIS_URL: process.env.TEST_REDIS_URL ?? DEFAULT_REDIS,
  };
  await ensurePostgres(env.TEST_DATABASE_URL);
  await ensureRedis(env.TEST_REDIS_URL);
  env.CHROMIUM_PATH = ensureChromium();
  ensurePromtool();
  return env;
}
