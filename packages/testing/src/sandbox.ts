import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startProcess, type AppProcess } from './processes';

export interface ReadOnlyRun {
  name: string;
  /** The app's working directory (the image's WORKDIR). */
  cwd: string;
  /** The `node` binary to run, from anywhere on this machine. */
  node: string;
  /** Arguments after `node`: the image's entrypoint flags and the command. */
  args: string[];
  env: Record<string, string>;
  uid: number;
  gid: number;
}

/** Whether this process may create mount namespaces and change user (what `startReadOnly` needs). */
export const canSandbox = () => process.getuid?.() === 0;

// In a private mount namespace (nothing here reaches the machine's own mounts): the whole tree
// is bound onto itself and that top mount made read-only, the node binary is bound into the app
// folder (its own location, a cache under root's home, may be closed to the app's user), /tmp
// gets a fresh tmpfs (the pod's emptyDir), and the app folder, parked on /mnt meanwhile, is put
// back read-only in case the tmpfs hid it (a checkout under /tmp). setpriv then drops to the user, its
// groups and capabilities, and execs node: the spawned pid is the app itself, signals reach it.
const SCRIPT = `
mount --rbind / /
mount -o remount,bind,ro /
mount --bind "$1" "$2"
mount --rbind "$3" /mnt
mount -t tmpfs -o size=64m,mode=1777 tmpfs /tmp
mkdir -p "$3"
mount --rbind /mnt "$3"
mount -o remount,bind,ro "$3"
cd "$3"
shift 3
exec setpriv --reuid="$UID_" --regid="$GID_" --clear-groups --inh-caps=-all --no-new-privs "$@"
`;

/**
 * Runs node as a container would with `readOnlyRootFilesystem: true` and `runAsUser`: a
 * read-only root, a writable /tmp, and an unprivileged user. Needs root (see `canSandbox`).
 */
export function startReadOnly(run: ReadOnlyRun): AppProcess {
  const nodeDir = join(run.cwd, '.sandbox-node');
  mkdirSync(nodeDir, { recursive: true });
  const args = ['--mount', '--propagation', 'private', '--', 'sh', '-ec', SCRIPT, 'sandbox', dirname(run.node), nodeDir, run.cwd];
  args.push(join(nodeDir, 'node'), ...run.args);
  return startProcess(run.name, 'unshare', args, {
    cwd: run.cwd,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...run.env, UID_: String(run.uid), GID_: String(run.gid) },
  });
}
