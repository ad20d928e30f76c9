import type { Attempt } from './attempt';

export interface FetchAttemptOptions {
  /** Per attempt, including reading the body: a server that stalls mid-body times out too. */
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Non-2xx statuses whose body is still an answer, e.g. Yahoo's 404 envelope for an unknown symbol. */
  isAnswer?(status: number, text: string): boolean;
  /** The server's message from an error body; the default reads `message`/`error` or the plain text. */
  errorMessage?(text: string, status: number): { message: string; code?: number | string };
  /** When a 429's quota frees up; the default reads Retry-After. */
  resetAt?(headers: Headers, nowMs: number): Date | undefined;
  requestIdHeader?: string;
}

const MAX_MESSAGE = 300;

export function defaultErrorMessage(text: string, status: number): { message: string; code?: number | string } {
  try {
    const body: unknown = JSON.parse(text);
    if (body !== null && typeof body === 'object') {
      const b = body as { message?: unknown; error?: unknown; code?: unknown };
      const code = typeof b.code === 'number' || typeof b.code === 'string' ? b.code : undefined;
      for (const m of [b.error, b.message]) {
        if (typeof m === 'string' && m !== '') return { message: m, ...(code === undefined ? {} : { code }) };
      }
    }
  } catch {
    // Not JSON: plain text bodies (Tradier, Yahoo's 429) are the message as they are.
  }
  const plain = text.trim().slice(0, MAX_MESSAGE);
  return { message: plain === '' ? `HTTP ${status}` : plain };
}

/** Retry-After as delta-seconds or an HTTP date. */
export function retryAfter(headers: Headers, nowMs: number): Date | undefined {
  const v = headers.get('Retry-After');
  if (v === null || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return new Date(nowMs + Number(v) * 1000);
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/**
 * One GET through global fetch with its own deadline. Never throws for HTTP, network or timeout
 * failures (they come back as an Attempt for the retry policy); only the caller's abort throws.
 */
export async function fetchAttempt(url: string, opts: FetchAttemptOptions, signal?: AbortSignal): Promise<Attempt> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  try {
    const res = await fetch(url, { headers: opts.headers, signal: combined });
    const text = await res.text();
    const requestId = res.headers.get(opts.requestIdHeader ?? 'X-Request-Id') ?? undefined;
    if ((res.status >= 200 && res.status < 300) || opts.isAnswer?.(res.status, text)) {
      return { kind: 'ok', status: res.status, requestId, text };
    }
    const { message, code } = (opts.errorMessage ?? defaultErrorMessage)(text, res.status);
    const resetAt = (opts.resetAt ?? retryAfter)(res.headers, Date.now());
    return {
      kind: 'http',
      status: res.status,
      message,
      ...(requestId === undefined ? {} : { requestId }),
      ...(code === undefined ? {} : { code }),
      ...(resetAt === undefined ? {} : { resetAt }),
    };
  } catch (err) {
    if (signal?.aborted) throw signal.reason ?? err;
    return { kind: timeout.aborted ? 'timeout' : 'network', error: err };
  }
}
