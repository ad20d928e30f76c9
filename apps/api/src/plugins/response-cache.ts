import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { DATA_CHANNEL, type Database, type DataChange } from '@marketfleet/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Gauge, register } from 'prom-client';

export interface CacheTags {
  symbol: string;
  symbolId: number;
  timeframe: string;
}

export interface Entry {
  key: string;
  body: Buffer;
  etag: string;
  tags: CacheTags;
  expires: number;
  gzip?: Buffer;
  br?: Buffer;
  /** What this entry counts against the bound: its key, bodies and a fixed overhead. */
  bytes: number;
}

/** The database the cache listens on; a guarded one says when it replaced its client. */
export type ListenDatabase = Pick<Database, 'sql'> & { onReplaced?(listener: () => void): void };

export interface ResponseCacheOptions {
  /** Bounds how stale the parts that move with time alone (freshness, `updating`) can be. */
  ttlMs: number;
  /** The most the cached bodies (plain and compressed) and their keys may hold together. */
  maxBytes: number;
  /** Also bounds the work of dropping a symbol's entries, which looks at every entry. */
  maxEntries?: number;
  /** How often expired entries are dropped; they would otherwise stay until read or evicted. */
  sweepMs?: number;
  /** Concurrent distinct computations shared between requests; past it a miss computes alone. */
  maxInflight?: number;
}

/** Every open cache of this process (tests build several apps in one), read at scrape time. */
const live = new Set<ResponseCache>();
if (!register.getSingleMetric('marketfleet_chart_cache_bytes')) {
  new Gauge({
    name: 'marketfleet_chart_cache_bytes',
    help: 'Bytes the chart response cache holds (bodies, compressed variants and keys); bounded by CHART_CACHE_MAX_BYTES.',
    collect() {
      this.set([...live].reduce((n, c) => n + c.stats().bytes, 0));
    },
  });
}

/** The entry object, its map slot, the ETag and the tags: small next to any body, counted anyway. */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * Serialized responses per normalised request, so a hot chart costs no query and no serialization.
 * Bounded in bytes (bodies, their compressed variants and keys), least recently used first out;
 * entries live `ttlMs` at most (swept on a timer), and are dropped at once when a bar write, a
 * corporate action or a fetch job of their series is announced on the database's data channel
 * (so every replica hears it). ETags are computed once per entry; compressed variants are made
 * once, on first demand, and counted when made.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  /** Computations under way: concurrent misses of one key wait for the same one. */
  private readonly inflight = new Map<string, Promise<Entry>>();
  private bytes = 0;
  private unlisten: (() => Promise<void>) | null = null;
  private retry: NodeJS.Timeout | null = null;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;
  private readonly maxEntries: number;
  private readonly maxInflight: number;

  constructor(private readonly opts: ResponseCacheOptions) {
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.maxInflight = opts.maxInflight ?? 1_000;
    this.sweeper = setInterval(() => this.sweep(), opts.sweepMs ?? opts.ttlMs).unref();
    live.add(this);
  }

  /** What the cache holds now. */
  stats(): { entries: number; bytes: number; maxBytes: number; inflight: number } {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.opts.maxBytes, inflight: this.inflight.size };
  }

  /**
   * Subscribes to data changes. Until the subscription stands (the database may be down
   * at start), nothing is cached: without it no entry could be dropped when data changes.
   * A guarded database that replaces its client (after a restart) ends the subscription with
   * the old client: it is made again on the new one, and nothing cached before is kept.
   */
  listen(database: ListenDatabase, onError: (err: unknown) => void): void {
    database.onReplaced?.(() => {
      this.unlisten = null;
      this.clear();
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
        () => this.clear(),
      )
      .then((sub) => {
        // Closed while subscribing: the database may be closing too, and a failed unlisten is moot.
        if (this.closed) return void sub.unlisten().catch(() => {});
        this.unlisten = () => sub.unlisten();
      })
      .catch((err: unknown) => {
        onError(err);
        if (!this.closed) this.retry = setTimeout(() => this.subscribe(database, onError), 5_000).unref();
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    live.delete(this);
    clearInterval(this.sweeper);
    if (this.retry) clearTimeout(this.retry);
    await this.unlisten?.();
    this.clear();
  }

  private clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }

  invalidate(change: DataChange): void {
    const everySymbol = change.symbolIds.length === 0 && (change.tickers?.length ?? 0) === 0;
    for (const [key, e] of this.entries) {
      const symbol = everySymbol || change.symbolIds.includes(e.tags.symbolId) || (change.tickers ?? []).includes(e.tags.symbol);
      const timeframe = change.timeframes.length === 0 || change.timeframes.includes(e.tags.timeframe);
      if (symbol && timeframe) this.drop(key);
    }
  }

  /** Drops every expired entry. */
  sweep(now = Date.now()): void {
    for (const [key, e] of this.entries) if (e.expires <= now) this.drop(key);
  }

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= Date.now()) {
      this.drop(key);
      return undefined;
    }
    // Map order is insertion order: re-inserting keeps the most recently used last.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  /** The cached entry, or the one `compute` makes (once, however many requests ask at the same time). */
  async getOrCompute(key: string, compute: () => Promise<{ body: string; tags: CacheTags }>): Promise<Entry> {
    const build = async () => {
      const { body, tags } = await compute();
      return this.unlisten ? this.set(key, body, tags) : this.entry(key, body, tags);
    };
    // Without the subscription nothing may be cached, nor shared: the data may have changed since.
    if (!this.unlisten) return build();
    const hit = this.get(key);
    if (hit) return hit;
    let pending = this.inflight.get(key);
    if (!pending) {
      if (this.inflight.size >= this.maxInflight) return build();
      pending = build().finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private entry(key: string, body: string, tags: CacheTags): Entry {
    const buf = Buffer.from(body, 'utf8');
    return {
      key,
      body: buf,
      tags,
      etag: `"${createHash('sha1').update(buf).digest('base64url')}"`,
      expires: Date.now() + this.opts.ttlMs,
      bytes: ENTRY_OVERHEAD_BYTES + Buffer.byteLength(key) + buf.length,
    };
  }

  set(key: string, body: string, tags: CacheTags): Entry {
    const e = this.entry(key, body, tags);
    this.drop(key);
    // One response larger than the whole bound is served, never kept.
    if (e.bytes > this.opts.maxBytes) return e;
    this.entries.set(key, e);
    this.bytes += e.bytes;
    this.evict();
    return e;
  }

  /** Least recently used first, until both bounds hold. */
  private evict(): void {
    while (this.bytes > this.opts.maxBytes || this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.drop(oldest.value);
    }
  }

  /** The entry's body compressed, made once and counted against the bound while the entry is cached. */
  private variant(e: Entry, kind: 'br' | 'gzip'): Buffer {
    const have = e[kind];
    if (have) return have;
    const made = kind === 'br' ? brotliCompressSync(e.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(e.body);
    e[kind] = made;
    e.bytes += made.length;
    // An entry evicted or replaced meanwhile is no longer counted, nor its variants.
    if (this.entries.get(e.key) === e) {
      this.bytes += made.length;
      this.evict();
    }
    return made;
  }

  /** Sends an entry: 304 when the client has it, compressed when the client accepts it. */
  send(req: FastifyRequest, reply: FastifyReply, e: Entry): FastifyReply {
    reply.header('etag', e.etag).header('vary', 'accept-encoding').header('cache-control', 'private, no-cache');
    if (req.headers['if-none-match'] === e.etag) return reply.code(304).send();
    reply.type('application/json; charset=utf-8');
    const accepts = String(req.headers['accept-encoding'] ?? '');
    if (/\bbr\b/.test(accepts)) return reply.header('content-encoding', 'br').send(this.variant(e, 'br'));
    if (/\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(this.variant(e, 'gzip'));
    return reply.send(e.body);
  }
}
