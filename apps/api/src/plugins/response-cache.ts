import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { DATA_CHANNEL, type Database, type DataChange } from '@marketfleet/db';
import type { FastifyReply, FastifyRequest } from 'fastify';

interface Entry {
  body: string;
  etag: string;
  tags: { symbol: string; symbolId: number; timeframe: string };
  expires: number;
  gzip?: Buffer;
  br?: Buffer;
}

/** The database the cache listens on; a guarded one says when it replaced its client. */
export type ListenDatabase = Pick<Database, 'sql'> & { onReplaced?(listener: () => void): void };

export interface ResponseCacheOptions {
  /** Bounds how stale the parts that move with time alone (freshness, `updating`) can be. */
  ttlMs: number;
  maxEntries: number;
}

/**
 * Serialized responses per request, so a hot chart costs no query and no serialization.
 * Entries live `ttlMs` at most, and are dropped at once when a bar write, a corporate
 * action or a fetch job of their series is announced on the database's data channel
 * (so every replica hears it). ETags are computed once per entry; compressed variants
 * are made once, on first demand.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  /** Computations under way: concurrent misses of one key wait for the same one. */
  private readonly inflight = new Map<string, Promise<Entry>>();
  private unlisten: (() => Promise<void>) | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly opts: ResponseCacheOptions) {}

  /**
   * Subscribes to data changes. Until the subscription stands (the database may be down
   * at start), nothing is cached: without it no entry could be dropped when data changes.
   * A guarded database that replaces its client (after a restart) ends the subscription with
   * the old client: it is made again on the new one, and nothing cached before is kept.
   */
  listen(database: ListenDatabase, onError: (err: unknown) => void): void {
    database.onReplaced?.(() => {
      this.unlisten = null;
      this.entries.clear();
      if (!this.closed) this.subscribe(database, onError);
    });
    this.subscribe(database, onError);
  }

  private subscribe(database: ListenDatabase, onError: (err: unknown) => void): void {
    database.sql
      .listen(
        DATA_CHANNEL,
        (payload) => this.invalidate(JSON.parse(payload) as DataChange),
        // Called on every (re)subscription: changes announced while the connection was down
        // were missed, so nothing cached before it can be trusted.
        () => this.entries.clear(),
      )
      .then((sub) => {
        if (this.closed) return void sub.unlisten();
        this.unlisten = () => sub.unlisten();
      })
      .catch((err: unknown) => {
        onError(err);
        if (!this.closed) this.retry = setTimeout(() => this.subscribe(database, onError), 5_000).unref();
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.unlisten?.();
    this.entries.clear();
  }

  invalidate(change: DataChange): void {
    const everySymbol = change.symbolIds.length === 0 && (change.tickers?.length ?? 0) === 0;
    for (const [key, e] of this.entries) {
      const symbol = everySymbol || change.symbolIds.includes(e.tags.symbolId) || (change.tickers ?? []).includes(e.tags.symbol);
      const timeframe = change.timeframes.length === 0 || change.timeframes.includes(e.tags.timeframe);
      if (symbol && timeframe) this.entries.delete(key);
    }
  }

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Map order is insertion order: re-inserting keeps the most recently used last.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  /** The cached entry, or the one `compute` makes (once, however many requests ask at the same time). */
  async getOrCompute(key: string, compute: () => Promise<{ body: string; tags: Entry['tags'] }>): Promise<Entry> {
    if (!this.unlisten) {
      const { body, tags } = await compute();
      return this.entry(body, tags);
    }
    const hit = this.get(key);
    if (hit) return hit;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = compute()
        .then(({ body, tags }) => this.set(key, body, tags))
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private entry(body: string, tags: Entry['tags']): Entry {
    return { body, tags, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, expires: Date.now() + this.opts.ttlMs };
  }

  set(key: string, body: string, tags: Entry['tags']): Entry {
    const e = this.entry(body, tags);
    this.entries.set(key, e);
    while (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return e;
  }
}

/** Sends a cached entry: 304 when the client has it, compressed when the client accepts it. */
export function sendEntry(req: FastifyRequest, reply: FastifyReply, e: Entry): FastifyReply {
  reply.header('etag', e.etag).header('vary', 'accept-encoding').header('cache-control', 'private, no-cache');
  if (req.headers['if-none-match'] === e.etag) return reply.code(304).send();
  reply.type('application/json; charset=utf-8');
  const accepts = String(req.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepts)) {
    e.br ??= brotliCompressSync(e.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
    return reply.header('content-encoding', 'br').send(e.br);
  }
  if (/\bgzip\b/.test(accepts)) {
    e.gzip ??= gzipSync(e.body);
    return reply.header('content-encoding', 'gzip').send(e.gzip);
  }
  return reply.send(e.body);
}
