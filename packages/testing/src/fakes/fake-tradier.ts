import { addDays, type Bar, marketClock, type MarketClock, nyDate, nyOffsetMinutes, nyWallTime, parseDate } from '@marketfleet/market';
import { simMarket, type SimMarket } from '@marketfleet/providers/sim';
import { FakeBarData } from './fake-bar-data';
import { fakeServer, startFakeHttp, type FakeCommonOptions, type FakeServer } from './fake-http';
import { FakeValidationError, type ParsedTimeframe } from './fake-params';
import { FAKE_SYMBOL, patchRow, type FakePatch } from './fake-patches';
import { FakeOptionData } from './fake-option-data';
import { createRouter } from './fake-router';
import { tradierOptionRoutes, type FakeTradierOptionOptions } from './fake-tradier-options';

type RowField = 'time' | 'timestamp' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'vwap' | 'date';

/** `requestsPerMinute` defaults to 120, Tradier's market-data allowance. */
export interface FakeTradierOptions extends FakeCommonOptions, FakeTradierOptionOptions {
  clock?: MarketClock;
  market?: SimMarket;
  /** The Bearer token the fake accepts. Default 'test-token'. */
  token?: string;
  /** Days of 15min timesales kept; older bars are simply absent. Default 40. */
  timesalesLimitDays?: number;
  /** Pre/post-market bars for session_filter=all. Default true. */
  extendedHours?: boolean;
  /** Pre/post-market bars even with session_filter=open, to exercise the client's own filter. */
  leakExtendedHours?: boolean;
  /** Values forced into one row of timesales or history. */
  patches?: (FakePatch<RowField> & { endpoint: 'timesales' | 'history' })[];
  now?: () => Date;
}

export type FakeTradier = FakeServer<FakeTradierOptions>;

const DAY_MS = 86_400_000;
const M15: ParsedTimeframe = { amount: 15, unit: 'Min', key: '15Min' };
const DAILY: ParsedTimeframe = { amount: 1, unit: 'Day', key: '1Day' };
const LOCAL = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?$/;

/** New York wall time without an offset, as Tradier writes `time`. */
function localIso(at: Date): string {
  return new Date(at.getTime() + nyOffsetMinutes(at) * 60_000).toISOString().slice(0, 19);
}

/** `YYYY-MM-DD HH:MM` (or a bare date: its start, or its end for `end`) in New York. */
function parseLocal(s: string | null, name: string, end: boolean): number | null {
  if (s === null) return null;
  const m = LOCAL.exec(s);
  const date = m === null ? null : parseDate(m[1]!);
  if (m === null || date === null) throw new FakeValidationError(`Invalid Parameter: ${name}`);
  if (m[2] !== undefined) return nyWallTime(date, m[2]).getTime() + (end ? 59_999 : 0);
  return end ? nyWallTime(addDays(date, 1), '00:00').getTime() - 1 : nyWallTime(date, '00:00').getTime();
}

/** Tradier's XML-to-JSON shape: one row is a bare object, none is `null`. */
function oneOrMany(rows: unknown[]): unknown {
  return rows.length === 0 ? null : rows.length === 1 ? rows[0] : rows;
}

/**
 * A local stand-in for Tradier's timesales, history and option endpoints over sim data: Bearer auth
 * (plain-text 401), X-Ratelimit-* headers with an expiry in epoch ms, object-or-array rows,
 * `null` for nothing, New York local times without offset, and a limited timesales history.
 */
export async function startFakeTradier(opts: FakeTradierOptions = {}): Promise<FakeTradier> {
  const clock = opts.clock ?? marketClock;
  const seed = opts.seed ?? 1;
  const market = opts.market ?? simMarket(seed, { clock, splits: opts.splits });
  const data = new FakeBarData(market, clock, seed);
  const options: FakeTradierOptions = { ...opts };
  const routes = [
    { method: 'GET', path: '/v1/markets/timesales' },
    { method: 'GET', path: '/v1/markets/history' },
    { method: 'GET', path: '/v1/markets/options/expirations' },
    { method: 'GET', path: '/v1/markets/options/chains' },
  ];
  const route = createRouter(routes);
  const nowMs = () => (options.now ?? (() => new Date()))().getTime();
  const optionRoutes = tradierOptionRoutes(new FakeOptionData(market), options, nowMs);
  const patches = (endpoint: 'timesales' | 'history') => options.patches?.filter((p) => p.endpoint === endpoint);

  function symbolOf(q: URLSearchParams): string {
    const s = q.get('symbol');
    if (s === null || !FAKE_SYMBOL.test(s)) throw new FakeValidationError('Invalid Parameter: symbol');
    return s;
  }

  function timesales(q: URLSearchParams): string {
    const symbol = symbolOf(q);
    if ((q.get('interval') ?? 'tick') !== '15min') throw new FakeValidationError('Invalid Parameter: interval (this fake serves 15min only)');
    const filter = q.get('session_filter') ?? 'all';
    if (filter !== 'all' && filter !== 'open') throw new FakeValidationError('Invalid Parameter: session_filter');
    const now = nowMs();
    const start = Math.max(parseLocal(q.get('start'), 'start', false) ?? now - DAY_MS, now - (options.timesalesLimitDays ?? 40) * DAY_MS);
    const end = parseLocal(q.get('end'), 'end', true) ?? now;
    const ext = (filter === 'all' || options.leakExtendedHours === true) && (options.extendedHours ?? true);
    const bars = end < start ? [] : data.bars(symbol, M15, start, end, { extendedHours: ext, nowMs: now });
    const rows = bars.map((b, i) =>
      patchRow(
        { time: localIso(b.ts), timestamp: b.ts.getTime() / 1000, price: b.close, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, vwap: b.vwap },
        patches('timesales'),
        symbol,
        i,
      ),
    );
    return JSON.stringify({ series: rows.length === 0 ? null : { data: oneOrMany(rows) } });
  }

  function history(q: URLSearchParams): string {
    const symbol = symbolOf(q);
    if ((q.get('interval') ?? 'daily') !== 'daily') throw new FakeValidationError('Invalid Parameter: interval (this fake serves daily only)');
    const filter = q.get('session_filter') ?? 'all';
    if (filter !== 'all' && filter !== 'open') throw new FakeValidationError('Invalid Parameter: session_filter');
    const start = parseLocal(q.get('start'), 'start', false) ?? nowMs() - 365 * DAY_MS;
    const end = parseLocal(q.get('end'), 'end', true) ?? nowMs();
    // Sim days hold regular hours only, so both filters answer the same.
    const bars: Bar[] = end < start ? [] : data.bars(symbol, DAILY, start, end, { extendedHours: false, nowMs: nowMs() });
    const rows = bars.map((b, i) =>
      patchRow({ date: nyDate(b.ts), open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }, patches('history'), symbol, i),
    );
    return JSON.stringify({ history: rows.length === 0 ? null : { day: oneOrMany(rows) } });
  }

  const tokenOf = (req: { headers: Record<string, string | string[] | undefined> }) => String(req.headers.authorization ?? '').replace(/^Bearer /, '');
  const http = await startFakeHttp({
    options,
    defaultRequestsPerMinute: 120,
    rateKey: tokenOf,
    headers: (_id, w) => ({
      'X-Ratelimit-Allowed': String(w.limit),
      'X-Ratelimit-Used': String(Math.min(w.count, w.limit)),
      'X-Ratelimit-Available': String(Math.max(0, w.limit - w.count)),
      'X-Ratelimit-Expiry': String(w.start + w.windowMs),
    }),
    authenticate: (req) => (tokenOf(req) === (options.token ?? 'test-token') ? null : { status: 401, body: 'Invalid Access Token', contentType: 'text/plain' }),
    rateLimited: () => ({ status: 429, body: 'Rate limit exceeded', contentType: 'text/plain' }),
    fault: (status, message) => ({ status, body: JSON.stringify({ fault: { faultstring: message ?? 'Internal Server Error', detail: { errorcode: 'fake.fault' } } }) }),
    handle(req, url) {
      const matched = route(req.method ?? 'GET', url.pathname);
      if (matched === null) return { status: 404, body: 'Not Found', contentType: 'text/plain' };
      const name = matched.route.path;
      // Tradier's default is XML; only an explicit Accept gets JSON.
      if (!String(req.headers.accept ?? '').includes('application/json')) {
        return { status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><series/>', contentType: 'application/xml', routeName: name };
      }
      try {
        const q = url.searchParams;
        const body = name.endsWith('timesales')
          ? timesales(q)
          : name.endsWith('history')
            ? history(q)
            : name.endsWith('expirations')
              ? optionRoutes.expirations(q)
              : optionRoutes.chains(q);
        return { status: 200, body, routeName: name };
      } catch (e) {
        if (!(e instanceof FakeValidationError)) throw e;
        return { status: 400, body: JSON.stringify({ errors: { error: [e.message] } }), routeName: name };
      }
    },
  });
  return fakeServer(http, options);
}
