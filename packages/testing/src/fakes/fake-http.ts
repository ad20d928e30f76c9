import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { hash32, Rng } from '@marketfleet/providers/sim';
import type { FakeFault, FakeStats } from './fake-types';

/** One answer from a fake: a status and a pre-serialized body. */
export interface FakeReply {
  status: number;
  body: string;
  /** Default application/json. */
  contentType?: string;
  headers?: Record<string, string>;
  barsServed?: number;
  /** Counted in stats.byRoute. */
  routeName?: string;
}

/** Options every fake provider server shares; read live, so `configure` takes effect at once. */
export interface FakeCommonOptions {
  /** Default 0: any free port on 127.0.0.1. */
  port?: number;
  seed?: number;
  /** False: the sim market behind the fake has no splits, so raw bars are continuous. Default true. */
  splits?: boolean;
  /** Per rate key per window; each fake has its own default. */
  requestsPerMinute?: number;
  /** Window length; tests shorten it. Default 60,000. */
  rateWindowMs?: number;
  /** Consumed one per request that gets past auth and the rate limit, in order. */
  faults?: FakeFault[];
  /** Probability of a random 500/503 per request (seeded, so runs repeat). */
  errorRate?: number;
  /** Added to every response. */
  latencyMs?: number;
  /** gzip bodies over 256 bytes when the client accepts it. */
  gzip?: boolean;
}

export interface RateWindow {
  start: number;
  count: number;
  limit: number;
  windowMs: number;
}

/** What makes one fake API differ from another; the server loop, faults and stats are shared. */
export interface FakeApiSpec {
  options: FakeCommonOptions;
  defaultRequestsPerMinute: number;
  /** Whose quota a request spends (an API key, a token, or '' for per-IP APIs). */
  rateKey(req: IncomingMessage, url: URL): string;
  /** Headers on every reply, e.g. a request id and the API's rate-limit headers. */
  headers(requestId: number, window: RateWindow): Record<string, string>;
  /** A refusal for bad credentials, or null to let the request through. */
  authenticate(req: IncomingMessage, url: URL, requestId: number): FakeReply | null;
  rateLimited(window: RateWindow, requestId: number): FakeReply;
  /** The body an injected status fault answers with. */
  fault(status: number, message: string | undefined, requestId: number): FakeReply;
  /** Routing, validation and data. */
  handle(req: IncomingMessage, url: URL, requestId: number): FakeReply;
}

export interface FakeHttp {
  url: string;
  readonly stats: FakeStats;
  setFaults(faults: FakeFault[]): void;
  resetRateLimits(): void;
  resetStats(): void;
  close(): Promise<void>;
}

const LOG_SIZE = 1000;

function emptyStats(): FakeStats {
  return { requests: 0, byStatus: {}, byRoute: {}, barsServed: 0, log: [] };
}

/**
 * The request loop every fake shares: rate windows counted before auth (as real APIs count
 * refused calls too), then auth, 429, injected faults in order, and finally the API's handler.
 */
export async function startFakeHttp(spec: FakeApiSpec): Promise<FakeHttp> {
  const o = spec.options;
  let faults: FakeFault[] = [...(o.faults ?? [])];
  const faultRng = new Rng(hash32(o.seed ?? 1, 'faults'));
  const windows = new Map<string, RateWindow>();
  let nextRequestId = 0;
  let stats = emptyStats();

  function record(req: IncomingMessage, url: URL, at: number, status: number | 'hang' | 'reset', routeName?: string): void {
    stats.requests++;
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    if (routeName !== undefined) stats.byRoute[routeName] = (stats.byRoute[routeName] ?? 0) + 1;
    stats.log.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status, at });
    if (stats.log.length > LOG_SIZE) stats.log.shift();
  }

  function send(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, r: FakeReply, truncate: boolean): void {
    let body: Buffer = Buffer.from(truncate ? r.body.slice(0, Math.floor(r.body.length / 2)) : r.body);
    const out: Record<string, string> = { ...headers, ...r.headers, 'Content-Type': r.contentType ?? 'application/json; charset=utf-8' };
    const accepts = String(req.headers['accept-encoding'] ?? '').includes('gzip');
    if (o.gzip && accepts && body.length > 256) {
      body = gzipSync(body, { level: 1 });
      out['Content-Encoding'] = 'gzip';
    }
    out['Content-Length'] = String(body.length);
    res.writeHead(r.status, out);
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const at = Date.now();
    const key = spec.rateKey(req, url);
    const limit = o.requestsPerMinute ?? spec.defaultRequestsPerMinute;
    const windowMs = o.rateWindowMs ?? 60_000;
    let w = windows.get(key);
    if (w === undefined || Date.now() >= w.start + windowMs) windows.set(key, (w = { start: Date.now(), count: 0, limit, windowMs }));
    w.limit = limit;
    w.windowMs = windowMs;
    w.count++;
    const id = ++nextRequestId;
    const headers = spec.headers(id, w);
    const reply = (r: FakeReply, truncate = false) => {
      record(req, url, at, r.status, r.routeName);
      stats.barsServed += r.barsServed ?? 0;
      send(req, res, headers, r, truncate);
    };
    if (o.latencyMs) await new Promise((r) => setTimeout(r, o.latencyMs));

    const refused = spec.authenticate(req, url, id);
    if (refused !== null) return reply(refused);
    if (w.count > limit) return reply(spec.rateLimited(w, id));

    let fault = faults.shift();
    if (fault === undefined && o.errorRate && faultRng.next() < o.errorRate) {
      fault = { type: 'status', status: faultRng.next() < 0.5 ? 500 : 503 };
    }
    while (fault?.type === 'latency') {
      await new Promise((r) => setTimeout(r, (fault as { ms: number }).ms));
      fault = faults.shift();
    }
    if (fault?.type === 'status') return reply(spec.fault(fault.status, fault.message, id));
    if (fault?.type === 'hang') return record(req, url, at, 'hang');
    if (fault?.type === 'reset') {
      record(req, url, at, 'reset');
      req.socket.destroy();
      return;
    }
    reply(spec.handle(req, url, id), fault?.type === 'truncate');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `fake server bug: ${(err as Error).message}` }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get stats() {
      return stats;
    },
    setFaults: (f) => {
      faults = [...f];
    },
    resetRateLimits: () => windows.clear(),
    resetStats: () => {
      stats = emptyStats();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Hung requests and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

/** The common part of every fake's handle: stats, reconfiguration and shutdown. */
export interface FakeServer<O> {
  /** Base URL, e.g. http://127.0.0.1:54321 (pass as the provider's base URL). */
  url: string;
  readonly stats: FakeStats;
  /** Changes options for later requests; `faults` replaces the pending fault queue. */
  configure(partial: Partial<O>): void;
  /** Starts a fresh rate-limit window for every key. */
  resetRateLimits(): void;
  resetStats(): void;
  close(): Promise<void>;
}

export function fakeServer<O extends FakeCommonOptions>(http: FakeHttp, options: O): FakeServer<O> {
  return {
    url: http.url,
    get stats() {
      return http.stats;
    },
    configure(partial) {
      Object.assign(options, partial);
      if (partial.faults !== undefined) http.setFaults(partial.faults);
    },
    resetRateLimits: () => http.resetRateLimits(),
    resetStats: () => http.resetStats(),
    close: () => http.close(),
  };
}
