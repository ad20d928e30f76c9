import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { STOP_WITH_PARENT_ENV } from './env';

const FIXTURE = join(__dirname, 'shutdown.fixture.ts');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function exitsWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

/** A shell (the "supervisor") runs the fixture and waits; the app's output comes back through it. */
function supervised(stopWithParent: boolean) {
  const shell = spawn('sh', ['-c', `node --import tsx ${FIXTURE}; sleep 60`], {
    env: { ...process.env, [STOP_WITH_PARENT_ENV]: stopWithParent ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  shell.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const ready = (async () => {
    while (!/ready (\d+)/.test(out)) await once(shell.stdout!, 'data');
    return Number(/ready (\d+)/.exec(out)![1]);
  })();
  return { shell, ready, output: () => out };
}

test('an app whose supervisor is killed shuts down through its closers', async () => {
  const { shell, ready, output } = supervised(true);
  const app = await ready;
  shell.kill('SIGKILL');
  expect(await exitsWithin(app, 10_000)).toBe(true);
  expect(output()).toContain('closer ran');
}, 20_000);

test('without the setting, it runs on (and is stopped here by a signal)', async () => {
  const { shell, ready } = supervised(false);
  const app = await ready;
  shell.kill('SIGKILL');
  expect(await exitsWithin(app, 3_000)).toBe(false);
  process.kill(app, 'SIGTERM');
  expect(await exitsWithin(app, 10_000)).toBe(true);
}, 20_000);
