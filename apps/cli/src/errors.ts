/** The innermost cause: a query builder wraps the driver's error ("Failed query: …" around "connect ECONNREFUSED"). */
function rootCause(err: unknown): unknown {
  let e = err;
  for (let depth = 0; depth < 10 && e instanceof Error && e.cause !== undefined; depth++) e = e.cause;
  return e;
}

/** What went wrong, in one line, as the innermost cause tells it. */
export function errorLine(err: unknown): string {
  const root = rootCause(err);
  return (root instanceof Error ? root.message : String(root)).split('\n')[0]!;
}

/**
 * Whether the environment did it (a refused connection, a database's error): such errors carry
 * a code (Node's system errors, PostgreSQL's SQLSTATE). Anything else is a defect.
 */
export function isEnvironmental(err: unknown): boolean {
  const root = rootCause(err);
  return root instanceof Error && typeof (root as { code?: unknown }).code === 'string';
}
