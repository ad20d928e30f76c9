import { parentPort, Worker } from 'node:worker_threads';

/**
 * CPU-bound work (model fitting) off the event loop: a process that spends seconds in a fit
 * would otherwise stop renewing its job locks and stop answering /healthz. Tasks are plain
 * data in, plain data out (structured clone), so a thread holds no connection of its own.
 */
export interface ThreadPool {
  /** Tasks it runs at once: callers with many independent tasks keep this many in flight. */
  readonly size: number;
  run<T>(task: string, input: unknown): Promise<T>;
  close(): Promise<void>;
}

export type ThreadTasks = Record<string, (input: never) => unknown>;

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
  /** Serving tasks: a thread that fails before it says so is broken code, and is not restarted in a loop. */
  online: boolean;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/**
 * `size` threads running `filename` (which calls serveThreadTasks). A thread that dies fails
 * its task with the cause and is replaced, so one bad input cannot take the pool down.
 */
/**
 * A thread running `filename`. TypeScript sources (development and tests, where the app itself
 * runs under tsx) are loaded through tsx's require hook; production runs the bundled .js file.
 */
function startThread(filename: string): Worker {
  if (!filename.endsWith('.ts')) return new Worker(filename);
  const hook = require.resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(filename)});`, { eval: true });
}

export function createThreadPool(opts: { filename: string; size: number }): ThreadPool {
  const queue: Array<{ task: string; input: unknown; pending: Pending }> = [];
  const slots: Slot[] = [];
  let nextId = 0;
  let closed = false;
  let broken: Error | null = null;
  const waiting = new Map<number, Pending>();

  const spawn = (): Slot => {
    const slot: Slot = { worker: startThread(opts.filename), busy: null, online: false };
    slot.worker.on('message', (reply: Reply | { ready: true }) => {
      if ('ready' in reply) {
        slot.online = true;
        return;
      }
      const pending = waiting.get(reply.id);
      waiting.delete(reply.id);
      slot.busy = null;
      if (pending) {
        if (reply.ok) pending.resolve(reply.value);
        else pending.reject(new Error(reply.error));
      }
      pump();
    });
    const fail = (err: Error) => {
      if (slot.busy) slot.busy.reject(err);
      slot.busy = null;
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      if (closed) return;
      if (!slot.online) {
        // The thread's code cannot start: every task would fail the same way.
        broken = err;
        for (const { pending } of queue.splice(0)) pending.reject(err);
        return;
      }
      slots.push(spawn());
      pump();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!closed && slots.includes(slot)) fail(new Error(`worker thread exited with code ${code}`));
    });
    return slot;
  };

  const pump = () => {
    for (const slot of slots) {
      if (slot.busy || queue.length === 0) continue;
      const { task, input, pending } = queue.shift()!;
      const id = nextId++;
      slot.busy = pending;
      waiting.set(id, pending);
      slot.worker.postMessage({ id, task, input });
    }
  };

  const size = Math.max(1, opts.size);
  for (let i = 0; i < size; i++) slots.push(spawn());
  return {
    size,
    run<T>(task: string, input: unknown) {
      if (closed) return Promise.reject(new Error('thread pool is closed'));
      if (broken) return Promise.reject(new Error(`worker threads cannot start: ${broken.message}`));
      return new Promise<T>((resolve, reject) => {
        queue.push({ task, input, pending: { resolve: resolve as (v: unknown) => void, reject } });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const { pending } of queue.splice(0)) pending.reject(new Error('thread pool closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** The same tasks run in this thread: for tests, and where threads are not worth it. */
export function inlinePool(tasks: ThreadTasks): ThreadPool {
  return {
    size: 1,
    async run<T>(task: string, input: unknown) {
      const fn = tasks[task];
      if (!fn) throw new Error(`no thread task named ${task}`);
      // A structured clone on the way in and out, as across threads, so behaviour matches.
      return structuredClone(await fn(structuredClone(input) as never)) as T;
    },
    close: async () => {},
  };
}

/** The thread side: answers the pool's messages with the named task's result or its error. */
export function serveThreadTasks(tasks: ThreadTasks): void {
  if (!parentPort) throw new Error('serveThreadTasks runs in a worker thread');
  const port = parentPort;
  port.postMessage({ ready: true });
  port.on('message', async ({ id, task, input }: { id: number; task: string; input: unknown }) => {
    try {
      const fn = tasks[task];
      if (!fn) throw new Error(`no thread task named ${task}`);
      port.postMessage({ id, ok: true, value: await fn(input as never) });
    } catch (err) {
      port.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
