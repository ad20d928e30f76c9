import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { marketClock } from '@marketfleet/market-clock';
import { hash32, Rng } from '../sim/prng';
import { simMarket } from '../sim/sim-market';
import { FakeBarData } from './fake-bar-data';
import { FakeValidationError } from './fake-params';
import { createRouter } from './fake-router';
import { fakeRoutes } from './fake-routes';
import type { FakeAlpacaOptions, FakeFault, FakeRoute, FakeState, FakeStats } from './fake-types';

export interface FakeAlpaca {
  /** Base URL, e.g. http://127.0.0.1:54321 (pass as the provider's dataUrl). */
  url: string;
  stats: FakeStats;
  /** Changes options for later requests; `faults` replaces the pending fault queue. */
  configure(partial: Partial<FakeAlpacaOptions>): void;
  /** Starts a fresh rate-limit window for every key. */
  resetRateLimits(): void;
  resetStats(): void;
  close(): Promise<void>;
}

const LOG_SIZE = 1000;

function emptyStats(): FakeStats {
  return { requests: 0, byStatus: {}, byRoute: {}, barsServed: 0, log: [] };
}

/**
 * A local stand-in for Alpaca's data API (alpaca-api.md §9): auth, strict validation, paging,
 * per-key rate limits with Alpaca's headers, and injectable faults, over sim data. Extra routes
 * (calendar, clock, corporate actions…) are passed in or added to `fakeRoutes`.
 */
export async function startFakeAlpaca(opts: FakeAlpacaOptions = {}, extraRoutes: FakeRoute[] = []): Promise<FakeAlpaca> {
  const clock = opts.clock ?? marketClock;
  const seed = opts.seed ?? 1;
  const market = opts.market ?? simMarket(seed, { clock });
  const state: FakeState = { options: { ...opts }, market, clock, data: new FakeBarData(market, clock, seed) };
  let faults: FakeFault[] = [...(opts.faults ?? [])];
  const route = createRouter([...extraRoutes, ...fakeRoutes]);
  const faultRng = new Rng(hash32(seed, 'faults'));
  const windows = new Map<string, { start: number; count: number }>();
  let nextRequestId = 0;
  let stats = emptyStats();

  function record(req: IncomingMessage, path: string, query: URLSearchParams, status: number | 'hang' | 'reset', routeName?: string): void {
    stats.requests++;
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    if (routeName !== undefined) stats.byRoute[routeName] = (stats.byRoute[routeName] ?? 0) + 1;
    stats.log.push({ method: req.method ?? 'GET', path, query: Object.fromEntries(query), status });
    if (stats.log.length > LOG_SIZE) stats.log.shift();
  }

  function send(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, status: number, json: string, truncate = false): void {
    let body: Buffer = Buffer.from(truncate ? json.slice(0, Math.floor(json.length / 2)) : json);
    const out: Record<string, string> = { ...headers, 'Content-Type': 'application/json; charset=utf-8' };
    const accepts = String(req.headers['accept-encoding'] ?? '').includes('gzip');
    if (state.options.gzip && accepts && body.length > 256) {
      body = gzipSync(body, { level: 1 });
      out['Content-Encoding'] = 'gzip';
    }
    out['Content-Length'] = String(body.length);
    res.writeHead(status, out);
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const o = state.options;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const now = (o.now ?? (() => new Date()))().getTime();
    const key = String(req.headers['apca-api-key-id'] ?? '');
    const limit = o.requestsPerMinute ?? 10_000;
    const windowMs = o.rateWindowMs ?? 60_000;
    let w = windows.get(key);
    if (w === undefined || Date.now() >= w.start + windowMs) windows.set(key, (w = { start: Date.now(), count: 0 }));
    w.count++;
    const headers = {
      'X-Request-ID': `00000000-0000-4000-8000-${(++nextRequestId).toString(16).padStart(12, '0')}`,
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - w.count)),
      'X-RateLimit-Reset': String(Math.ceil((w.start + windowMs) / 1000)),
    };
    const reply = (status: number, json: string, routeName?: string, truncate = false) => {
      record(req, url.pathname, url.searchParams, status, routeName);
      send(req, res, headers, status, json, truncate);
    };
    if (o.latencyMs) await new Promise((r) => setTimeout(r, o.latencyMs));

    if (o.authMode === 'unauthorized') return reply(401, '{"code":40110000,"message":"request is not authorized"}');
    const secret = String(req.headers['apca-api-secret-key'] ?? '');
    if (key !== (o.keyId ?? 'test-key') || secret !== (o.secret ?? 'test-secret')) return reply(403, '{"message":"forbidden."}');
    if (w.count > limit) return reply(429, '{"message":"too many requests."}');

    let fault = faults.shift();
    if (fault === undefined && o.errorRate && faultRng.next() < o.errorRate) {
      fault = { type: 'status', status: faultRng.next() < 0.5 ? 500 : 503 };
    }
    while (fault?.type === 'latency') {
      await new Promise((r) => setTimeout(r, (fault as { ms: number }).ms));
      fault = faults.shift();
    }
    if (fault?.type === 'status') return reply(fault.status, JSON.stringify({ message: fault.message ?? 'internal server error' }));
    if (fault?.type === 'hang') return record(req, url.pathname, url.searchParams, 'hang');
    if (fault?.type === 'reset') {
      record(req, url.pathname, url.searchParams, 'reset');
      req.socket.destroy();
      return;
    }

    const matched = route(req.method ?? 'GET', url.pathname);
    if (matched === null) return reply(404, '{"message":"not found"}');
    try {
      const result = matched.route.handler({ params: matched.params, query: url.searchParams, state, now });
      stats.barsServed += result.barsServed ?? 0;
      reply(result.status, result.json, matched.route.path, fault?.type === 'truncate');
    } catch (err) {
      if (!(err instanceof FakeValidationError)) throw err;
      const body = o.validationStatus === 422 ? { code: 42210000, message: err.message } : { message: err.message };
      reply(o.validationStatus ?? 400, JSON.stringify(body), matched.route.path);
    }
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
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get stats() {
      return stats;
    },
    configure(partial) {
      Object.assign(state.options, partial);
      if (partial.faults !== undefined) faults = [...partial.faults];
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
