import { seriesBar, seriesRun, type Series } from './fake-bar-data';
import {
  FakeValidationError,
  parseAdjustment,
  parseEnum,
  parseLimit,
  parseSymbols,
  parseTime,
  parseTimeframe,
  rejectUnexpected,
} from './fake-params';
import type { FakeRoute, RouteContext, RouteResult } from './fake-types';

const COMMON = ['timeframe', 'start', 'end', 'limit', 'page_token', 'adjustment', 'feed', 'asof', 'currency', 'sort'];
const MULTI_PARAMS = new Set(['symbols', ...COMMON]);
const SINGLE_PARAMS = new Set(COMMON);
const FEEDS = ['sip', 'iex', 'otc', 'boats'] as const;

// Tokens are opaque to clients; this one is base64 of "SYMBOL|A|<next bar time>", like the spec's.
function encodeToken(symbol: string, sort: 'asc' | 'desc', t: Date): string {
  return Buffer.from(`${symbol}|${sort === 'asc' ? 'A' : 'D'}|${t.toISOString()}`).toString('base64');
}

function decodeToken(token: string): { symbol: string; ms: number } {
  const parts = Buffer.from(token, 'base64').toString('utf8').split('|');
  const ms = parts.length === 3 ? Date.parse(parts[2]!) : Number.NaN;
  if (!Number.isFinite(ms)) throw new FakeValidationError('invalid page token');
  return { symbol: parts[0]!, ms };
}

interface Cursor {
  symbol: number;
  bar: number;
}

function handleBars(ctx: RouteContext, single: string | undefined): RouteResult {
  const { query, state } = ctx;
  const opts = state.options;
  rejectUnexpected(query, single === undefined ? MULTI_PARAMS : SINGLE_PARAMS);
  const refused = new Set(opts.refusedSymbols ?? []);
  const symbols = single === undefined ? parseSymbols(query.get('symbols'), refused) : parseSymbols(single, refused);
  const tf = parseTimeframe(query.get('timeframe'));
  const limit = parseLimit(query.get('limit'));
  parseEnum(query.get('feed'), 'feed', FEEDS, 'sip');
  parseAdjustment(query.get('adjustment'));
  const sort = parseEnum(query.get('sort'), 'sort', ['asc', 'desc'] as const, 'asc');
  const nowMs = ctx.now;
  const startQ = query.get('start');
  const endQ = query.get('end');
  const startMs = startQ === null ? new Date(nowMs).setUTCHours(0, 0, 0, 0) : parseTime(startQ, 'start');
  const endMs = endQ === null ? nowMs : parseTime(endQ, 'end');
  if (endMs < startMs) throw new FakeValidationError('end should not be before start');

  symbols.sort();
  const loaded: (Series | undefined)[] = [];
  const extraField = opts.extraFields ? ',"x_unknown":{"a":[1,2]}' : '';
  const seriesOf = (i: number): Series =>
    (loaded[i] ??= state.data.series(symbols[i]!, tf, startMs, endMs, { extendedHours: opts.extendedHours ?? true, nowMs, extraField }));
  // Position k in the requested order maps to index idx(i, k) in the ascending series.
  const idx = (i: number, k: number): number => (sort === 'asc' ? k : seriesOf(i).ts.length - 1 - k);

  let cur: Cursor = { symbol: 0, bar: 0 };
  const token = query.get('page_token');
  if (token !== null && token !== '') {
    const { symbol, ms } = decodeToken(token);
    const si = symbols.indexOf(symbol);
    if (si < 0) throw new FakeValidationError('invalid page token');
    const ts = seriesOf(si).ts;
    let k = 0;
    while (k < ts.length && (sort === 'asc' ? ts[idx(si, k)]! < ms : ts[idx(si, k)]! > ms)) k++;
    cur = { symbol: si, bar: k };
  }

  let size = Math.min(limit, opts.maxPageSize ?? limit);
  // "The API may return less, even if there are more available": exercise clients that stop early.
  if (opts.shortPages) size = Math.max(1, Math.ceil(size / 2));
  const chunks = new Map<string, string>();
  let served = 0;
  let next: string | null = null;
  // Ascending and unmodified: whole runs go out as one slice of the cached series.
  const fast = sort === 'asc' && !(opts.badBars && opts.badBars.length > 0);
  for (let i = cur.symbol; i < symbols.length && next === null; i++) {
    const series = seriesOf(i);
    const symbol = symbols[i]!;
    const from = i === cur.symbol ? cur.bar : 0;
    const take = Math.min(series.ts.length - from, size - served);
    if (take > 0) {
      if (fast) {
        chunks.set(symbol, seriesRun(series, from, from + take));
      } else {
        const list: string[] = [];
        for (let k = from; k < from + take; k++) list.push(corrupt(opts.badBars, symbol, idx(i, k), seriesBar(series, idx(i, k))));
        chunks.set(symbol, list.join(','));
      }
      served += take;
    }
    if (from + take < series.ts.length) next = encodeToken(symbol, sort, new Date(series.ts[idx(i, from + take)]!));
  }

  const currency = query.get('currency') === null ? '' : `,"currency":${JSON.stringify(query.get('currency'))}`;
  const top = opts.extraFields ? ',"x_top_level":true' : '';
  let json: string;
  if (single === undefined) {
    const body = [...chunks].map(([s, run]) => `${JSON.stringify(s)}:[${run}]`).join(',');
    json = `{"bars":{${body}},"next_page_token":${JSON.stringify(next)}${currency}${top}}`;
  } else {
    const list = chunks.get(symbols[0]!);
    const bars = list === undefined ? 'null' : `[${list}]`;
    json = `{"bars":${bars},"symbol":${JSON.stringify(symbols[0])},"next_page_token":${JSON.stringify(next)}${currency}${top}}`;
  }
  return { status: 200, json, barsServed: served };
}

export interface FakeBadBar {
  symbol: string;
  /** Position in the symbol's ascending series for the request's range (0 = earliest bar). */
  index: number;
  field: 't' | 'o' | 'h' | 'l' | 'c' | 'v' | 'n' | 'vw';
  /** Any JSON value, e.g. -1, "NaN", null or a string where a number belongs. */
  value: unknown;
}

function corrupt(bad: readonly FakeBadBar[] | undefined, symbol: string, index: number, json: string): string {
  const hit = bad?.find((b) => b.symbol === symbol && b.index === index);
  if (hit === undefined) return json;
  const obj = JSON.parse(json) as Record<string, unknown>;
  obj[hit.field] = hit.value;
  return JSON.stringify(obj);
}

export const barsRoutes: FakeRoute[] = [
  { method: 'GET', path: '/v2/stocks/bars', handler: (ctx) => handleBars(ctx, undefined) },
  { method: 'GET', path: '/v2/stocks/:symbol/bars', handler: (ctx) => handleBars(ctx, ctx.params.symbol!) },
];
