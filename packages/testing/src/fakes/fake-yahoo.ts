import { type Bar, marketClock, type MarketClock, nyDate, nyOffsetMinutes } from '@marketfleet/market';
import { simMarket, type SimMarket } from '@marketfleet/providers/sim';
import { FakeBarData } from './fake-bar-data';
import { fakeServer, startFakeHttp, type FakeCommonOptions, type FakeServer } from './fake-http';
import type { ParsedTimeframe } from './fake-params';
import { FAKE_SYMBOL, patchRow, type FakePatch } from './fake-patches';
import { createRouter } from './fake-router';

type QuoteField = 'open' | 'high' | 'low' | 'close' | 'volume';

/** Yahoo limits by IP, not by key: `requestsPerMinute` defaults to 10,000 and counts every caller together. */
export interface FakeYahooOptions extends FakeCommonOptions {
  clock?: MarketClock;
  market?: SimMarket;
  /** Answered 404 `No data found, symbol may be delisted`. */
  unknownSymbols?: string[];
  /** 15m/30m requests starting further back than this are refused with 422. Default 60. */
  intradayLimitDays?: number;
  /** Extended-hours bars even with includePrePost=false, to exercise the client's own filter. */
  leakExtendedHours?: boolean;
  /** Slots whose every value is null, as Yahoo pads intervals without trades. */
  nullSlots?: { symbol: string; index: number }[];
  /** Values forced into one slot (null for a partially null bar). */
  patches?: FakePatch<QuoteField | 'timestamp'>[];
  now?: () => Date;
}

export type FakeYahoo = FakeServer<FakeYahooOptions>;

const INTERVALS: Record<string, ParsedTimeframe> = {
  '15m': { amount: 15, unit: 'Min', key: '15Min' },
  '30m': { amount: 30, unit: 'Min', key: '30Min' },
  '1d': { amount: 1, unit: 'Day', key: '1Day' },
};
const DAY_MS = 86_400_000;

const chartError = (status: number, code: string, description: string) => ({
  status,
  body: JSON.stringify({ chart: { result: null, error: { code, description } } }),
});

/**
 * A local stand-in for Yahoo's `/v8/finance/chart/{symbol}` over sim data: no auth, per-IP rate
 * limit answered with a plain-text 429, the `{chart: {result, error}}` envelope, parallel arrays
 * with nulls, 404 for unknown symbols, 422 for intraday ranges beyond the history limit, daily
 * bars stamped at the session open.
 */
export async function startFakeYahoo(opts: FakeYahooOptions = {}): Promise<FakeYahoo> {
  const clock = opts.clock ?? marketClock;
  const seed = opts.seed ?? 1;
  const market = opts.market ?? simMarket(seed, { clock, splits: opts.splits });
  const data = new FakeBarData(market, clock, seed);
  const options: FakeYahooOptions = { ...opts };
  const route = createRouter([{ method: 'GET', path: '/v8/finance/chart/:symbol' }]);

  function chart(symbol: string, q: URLSearchParams) {
    if (!FAKE_SYMBOL.test(symbol) || options.unknownSymbols?.includes(symbol)) {
      return chartError(404, 'Not Found', 'No data found, symbol may be delisted');
    }
    const interval = q.get('interval') ?? '1d';
    const tf = INTERVALS[interval];
    if (tf === undefined) return chartError(422, 'Unprocessable Entity', `Invalid input - interval=${interval} is not supported by this fake`);
    const p1 = Number(q.get('period1'));
    const p2 = Number(q.get('period2'));
    if (!Number.isInteger(p1) || !Number.isInteger(p2) || p2 < p1) {
      return chartError(422, 'Unprocessable Entity', 'Invalid input - period1 and period2 must be epoch seconds, period1 <= period2');
    }
    const nowMs = (options.now ?? (() => new Date()))().getTime();
    const limitDays = options.intradayLimitDays ?? 60;
    if (tf.unit === 'Min' && p1 * 1000 < nowMs - limitDays * DAY_MS) {
      return chartError(
        422,
        'Unprocessable Entity',
        `${interval} data not available for startTime=${p1} and endTime=${p2}. The requested range must be within the last ${limitDays} days.`,
      );
    }
    const ext = q.get('includePrePost') === 'true' || options.leakExtendedHours === true;
    let bars: Bar[];
    if (tf.unit === 'Day') {
      // Yahoo stamps a day at its session open, 09:30 New York.
      bars = data
        .bars(symbol, tf, p1 * 1000 - DAY_MS, p2 * 1000, { extendedHours: false, nowMs })
        .map((b) => ({ ...b, ts: clock.session(nyDate(b.ts))!.open }));
    } else {
      bars = data.bars(symbol, tf, p1 * 1000, p2 * 1000, { extendedHours: ext, nowMs });
    }
    bars = bars.filter((b) => b.ts.getTime() >= p1 * 1000 && b.ts.getTime() < p2 * 1000);
    const nulls = new Set(options.nullSlots?.filter((n) => n.symbol === symbol).map((n) => n.index));
    const cols = { timestamp: [] as unknown[], open: [] as unknown[], high: [] as unknown[], low: [] as unknown[], close: [] as unknown[], volume: [] as unknown[] };
    bars.forEach((b, i) => {
      const slot = nulls.has(i)
        ? { timestamp: b.ts.getTime() / 1000, open: null, high: null, low: null, close: null, volume: null }
        : { timestamp: b.ts.getTime() / 1000, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
      const row = patchRow(slot, options.patches, symbol, i);
      for (const k of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) cols[k].push(row[k]);
    });
    const offset = nyOffsetMinutes(new Date(p1 * 1000)) * 60;
    const meta = {
      currency: 'USD',
      symbol,
      exchangeName: 'NMS',
      instrumentType: 'EQUITY',
      gmtoffset: offset,
      timezone: offset === -14_400 ? 'EDT' : 'EST',
      exchangeTimezoneName: 'America/New_York',
      dataGranularity: interval,
      range: '',
    };
    const { timestamp, ...quote } = cols;
    const result =
      bars.length === 0
        ? { meta, indicators: { quote: [{}] } }
        : {
            meta,
            timestamp,
            indicators: { quote: [quote], ...(tf.unit === 'Day' ? { adjclose: [{ adjclose: quote.close }] } : {}) },
          };
    return { status: 200, body: JSON.stringify({ chart: { result: [result], error: null } }), barsServed: bars.length };
  }

  const http = await startFakeHttp({
    options,
    defaultRequestsPerMinute: 10_000,
    rateKey: () => '',
    headers: () => ({}),
    authenticate: () => null,
    rateLimited: () => ({ status: 429, body: 'Too Many Requests\r\n', contentType: 'text/plain;charset=utf-8' }),
    fault: (status, message) => chartError(status, status >= 500 ? 'Internal Server Error' : 'Error', message ?? 'internal error'),
    handle(req, url) {
      const matched = route(req.method ?? 'GET', url.pathname);
      if (matched === null) return { ...chartError(404, 'Not Found', 'HTTP 404 Not Found') };
      return { ...chart(matched.params.symbol!, url.searchParams), routeName: matched.route.path };
    },
  });
  return fakeServer(http, options);
}
