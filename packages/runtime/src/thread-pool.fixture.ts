// Run by thread-pool.int.test.ts in worker threads: a task that answers, one that throws, one
// that takes the thread down, and one that blocks its thread for a while.
import { serveThreadTasks } from './thread-pool';

serveThreadTasks({
  square: (x: number) => x * x,
  fail: (message: string) => {
    throw new Error(message);
  },
  crash: () => process.exit(3),
  spin: (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until);
    return ms;
  },
});
