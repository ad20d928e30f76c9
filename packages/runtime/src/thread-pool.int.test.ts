import { join } from 'node:path';
import { createThreadPool, inlinePool, type ThreadPool } from './thread-pool';

describe('the thread pool', () => {
  let pool: ThreadPool;
  beforeAll(() => {
    pool = createThreadPool({ filename: join(__dirname, 'thread-pool.fixture.ts'), size: 2 });
  });
  afterAll(() => pool.close());

  test('runs tasks in threads and returns their results', async () => {
    expect(await Promise.all([1, 2, 3, 4, 5].map((x) => pool.run<number>('square', x)))).toEqual([1, 4, 9, 16, 25]);
  });

  test('a task that throws fails with its message; an unknown task is named', async () => {
    await expect(pool.run('fail', 'bad input')).rejects.toThrow('bad input');
    await expect(pool.run('nope', null)).rejects.toThrow('no thread task named nope');
  });

  test('a thread that dies fails its task and is replaced', async () => {
    await expect(pool.run('crash', null)).rejects.toThrow(/exited with code 3/);
    expect(await pool.run<number>('square', 7)).toBe(49);
  });

  test('the event loop stays free while a thread computes', async () => {
    const started = Date.now();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    await pool.run('spin', 600);
    clearInterval(timer);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(ticks).toBeGreaterThanOrEqual(15);
  });
});

test('threads whose code cannot start fail every task with the cause, and are not restarted', async () => {
  const pool = createThreadPool({ filename: join(__dirname, 'no-such-file.ts'), size: 1 });
  await expect(pool.run('square', 1)).rejects.toThrow(/no-such-file/);
  await expect(pool.run('square', 1)).rejects.toThrow(/cannot start/);
  await pool.close();
});

test('the inline pool runs the same tasks in this thread', async () => {
  const pool = inlinePool({ square: (x: number) => x * x });
  expect(await pool.run('square', 9)).toBe(81);
  await expect(pool.run('missing', 1)).rejects.toThrow(/no thread task named missing/);
});
