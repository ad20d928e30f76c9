import { marketClock, nyWallTime, parseDate, addDays, type MarketClock } from '@marketfleet/market';
import { simMarket, type SimMarket } from '@marketfleet/providers/sim';
import { FakeBarData } from './fake-bar-data';
import { fakeServer, startFakeHttp, type FakeCommonOptions, type FakeServer } from './fake-http';
import { FakeValidationError, type ParsedTimeframe } from './fake-params';
import { FAKE_SYMBOL, patchRow, type FakePatch } from './fake-patches';
import { createRouter } from './fake-router';

/** `requestsPerMinute` defaults to 10,000 (a paid plan); the free plan's 5 is one option away. */
export interface FakePolygonOptions extends FakeCommonOptions {
  clock?: MarketClock;
  market?: SimMarket;
  /** The key the fake accepts, as `apiKey=` or `Authorization: Bearer`. Default 'test-key'. */
  apiKey?: string;
  /** 'not-entitled' answers 403 NOT_AUTHORIZED, as for data outside the plan. */
  authMode?: 'normal' | 'not-entitled';
  /** A server-side cap below `limit`, to force next_url paging with few bars. */
  maxPageSize?: number;
  /** Origin written into next_url, e.g. 'https://api.polygon.io' as the real API does. Default: the fake's own. */
  nextUrlOrigin?: string;
  /** Pre/post-market bars in minute aggregates, as Polygon serves them. Default true. */
  extendedHours?: boolean;
  /** Unknown fields on every bar and at the top level. */
  extraFields?: boolean;
  badBars?: FakePatch<'t' | 'o' | 'h' | 'l' | 'c' | 'v' | 'vw' | 'n'>[];
  now?: () => Date;
}

export type FakePolygon = FakeServer<FakePolygonOptions>;

const PARAMS = new Set(['adjusted', 'sort', 'limit', 'apiKey', 'cursor']);
const UNITS: Record<string, ParsedTimeframe['unit']> = { minute: 'Min', hour: 'Hour', day: 'Day', week: 'Week' };

/** A date is that New York day (its end, for `to`); an integer is epoch milliseconds. Both ends inclusive. */
function parseBound(s: string, name: 'from' | 'to'): number {
  if (/^\d{9,15}$/.test(s)) return Number(s);
  const date = parseDate(s);
  if (date === null) throw new FakeValidationError(`Could not parse the time parameter: '${name}'. Use YYYY-MM-DD or Unix MS Timestamps`);
  return name === 'from' ? nyWallTime(date, '00:00').getTime() : nyWallTime(addDays(date, 1), '00:00').getTime() - 1;
}

/**
 * A local stand-in for Polygon's (Massive's) aggregates endpoint over sim data: apiKey or Bearer
 * auth, per-key rate limits answered with Polygon's 429 body (no reset header), next_url paging
 * with a cursor, epoch-aligned minute bars with extended hours, days at New York midnight. Unlike
 * the real API, `limit` counts the bars returned rather than the minute bars behind them.
 */
export async function startFakePolygon(opts: FakePolygonOptions = {}): Promise<FakePolygon> {
  const clock = opts.clock ?? marketClock;
  const seed = opts.seed ?? 1;
  const market = opts.market ?? simMarket(seed, { clock, splits: opts.splits });
  const data = new FakeBarData(market, clock, seed);
  const options: FakePolygonOptions = { ...opts };
  let selfUrl = '';
  const route = createRouter([{ method: 'GET', path: '/v2/aggs/ticker/:ticker/range/:multiplier/:timespan/:from/:to' }]);
  const keyOf = (req: { headers: Record<string, string | string[] | undefined> }, url: URL) =>
    url.searchParams.get('apiKey') ?? String(req.headers.authorization ?? '').replace(/^Bearer /, '');
  const err = (status: number, id: number, error: string, kind = 'ERROR') =>
    ({ status, body: JSON.stringify({ status: kind, request_id: reqId(id), [kind === 'ERROR' ? 'error' : 'message']: error }) });
  const reqId = (id: number) => id.toString(16).padStart(32, '0');

  function aggs(params: Record<string, string>, query: URLSearchParams, id: number) {
    const extra = [...new Set(query.keys())].filter((k) => !PARAMS.has(k));
    if (extra.length > 0) throw new FakeValidationError(`unexpected query parameter(s): ${extra.join(',')}`);
    const cursor = query.get('cursor');
    // A cursor carries the first request's parameters; next_url holds nothing else but it.
    const q = cursor === null ? query : new URLSearchParams(Buffer.from(cursor, 'base64url').toString('utf8'));
    const ticker = params.ticker!;
    if (!FAKE_SYMBOL.test(ticker)) throw new FakeValidationError(`invalid ticker: ${ticker}`);
    const amount = Number(params.multiplier);
    const unit = UNITS[params.timespan!];
    if (!Number.isInteger(amount) || amount < 1) throw new FakeValidationError('multiplier must be a positive integer');
    if (unit === undefined) throw new FakeValidationError(`unsupported timespan: ${params.timespan}`);
    const fromMs = parseBound(params.from!, 'from');
    const toMs = parseBound(params.to!, 'to');
    const limit = Number(q.get('limit') ?? '5000');
    if (!Number.isInteger(limit) || limit < 1 || limit > 50_000) throw new FakeValidationError('limit must be between 1 and 50000');
    const sort = q.get('sort') ?? 'asc';
    if (sort !== 'asc' && sort !== 'desc') throw new FakeValidationError(`invalid sort: ${sort}`);
    const adjusted = q.get('adjusted') ?? 'true';
    if (adjusted !== 'true' && adjusted !== 'false') throw new FakeValidationError(`invalid adjusted: ${adjusted}`);

    const nowMs = (options.now ?? (() => new Date()))().getTime();
    const tf: ParsedTimeframe = { amount, unit, key: `${amount}${unit}` };
    let bars = toMs < fromMs ? [] : data.bars(ticker, tf, fromMs, toMs, { extendedHours: options.extendedHours ?? true, nowMs });
    if (sort === 'desc') bars = bars.reverse();
    const size = Math.min(limit, options.maxPageSize ?? limit);
    const page = bars.slice(0, size);
    const next = bars[size];
    const xf = options.extraFields ? { x_unknown: { a: [1, 2] } } : {};
    const results = page.map((b, k) => {
      const index = sort === 'asc' ? k : bars.length - 1 - k;
      const row = { v: b.volume, vw: b.vwap, o: b.open, c: b.close, h: b.high, l: b.low, t: b.ts.getTime(), n: b.tradeCount, ...xf };
      return patchRow(row, options.badBars, ticker, index);
    });
    const body: Record<string, unknown> = {
      ticker,
      queryCount: page.length,
      resultsCount: page.length,
      adjusted: adjusted === 'true',
      // Omitted, not empty, when nothing matched.
      ...(page.length > 0 ? { results } : {}),
      status: 'OK',
      request_id: reqId(id),
      count: page.length,
      ...(options.extraFields ? { x_top_level: true } : {}),
    };
    if (next !== undefined) {
      const [f, t] = sort === 'asc' ? [String(next.ts.getTime()), params.to] : [params.from, String(next.ts.getTime())];
      const c = Buffer.from(new URLSearchParams({ adjusted, limit: String(limit), sort }).toString()).toString('base64url');
      body.next_url = `${options.nextUrlOrigin ?? selfUrl}/v2/aggs/ticker/${encodeURIComponent(ticker)}/range/${amount}/${params.timespan}/${f}/${t}?cursor=${c}`;
    }
    return { status: 200, body: JSON.stringify(body), barsServed: page.length };
  }

  const http = await startFakeHttp({
    options,
    defaultRequestsPerMinute: 10_000,
    rateKey: keyOf,
    headers: (id) => ({ 'X-Request-Id': reqId(id) }),
    authenticate(req, url, id) {
      const key = keyOf(req, url);
      if (key === '') return err(401, id, 'API Key was not provided');
      if (key !== (options.apiKey ?? 'test-key')) return err(401, id, 'Unknown API Key');
      if (options.authMode === 'not-entitled') {
        return err(403, id, 'You are not entitled to this data. Please upgrade your plan at https://polygon.io/pricing', 'NOT_AUTHORIZED');
      }
      return null;
    },
    rateLimited: (_w, id) =>
      err(429, id, "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing"),
    fault: (status, message, id) => err(status, id, message ?? 'internal server error'),
    handle(req, url, id) {
      const matched = route(req.method ?? 'GET', url.pathname);
      if (matched === null) return err(404, id, 'route not found', 'NOT_FOUND');
      try {
        return { ...aggs(matched.params, url.searchParams, id), routeName: matched.route.path };
      } catch (e) {
        if (!(e instanceof FakeValidationError)) throw e;
        return { ...err(400, id, e.message), routeName: matched.route.path };
      }
    },
  });
  selfUrl = http.url;
  return fakeServer(http, options);
}
