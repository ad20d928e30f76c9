/**
 * Rejects when `work` has not settled within `ms`. The work itself is not cancelled (neither
 * postgres-js nor ioredis can abort a query), so this bounds how long a caller waits, not the I/O.
 */
export function withTimeout<T>(work: () => PromiseLike<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    Promise.resolve()
      .then(work)
      .then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
  });
}
