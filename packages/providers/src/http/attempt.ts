/** A 2xx body that is not the shape we expect; retried, since truncation and proxies cause it. */
export class MalformedBodyError extends Error {}

/** What one HTTP attempt came to; the retry policy decides what to do with it. */
export type Attempt =
  /** A body to parse: any 2xx, or an error status the provider uses for an answer (see `isAnswer`). */
  | { kind: 'ok'; status: number; requestId?: string; text: string }
  | {
      kind: 'http';
      status: number;
      requestId?: string;
      /** The server's own words, never our URL (it may carry a key). */
      message: string;
      code?: number | string;
      /** When the quota frees up, from whichever header the API uses. */
      resetAt?: Date;
    }
  | { kind: 'network' | 'timeout'; error: unknown };

export type OkAttempt = Extract<Attempt, { kind: 'ok' }>;
