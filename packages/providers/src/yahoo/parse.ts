import { z } from 'zod';
import type { ParsedBar } from '../bars/normalize';
import { isRecord, parseJson, toValidBar } from '../bars/parse-bar';
import { MalformedBodyError } from '../http/attempt';

const ChartError = z.looseObject({ code: z.string().optional(), description: z.string().optional() });
const Quote = z.looseObject({
  open: z.array(z.unknown()).optional(),
  high: z.array(z.unknown()).optional(),
  low: z.array(z.unknown()).optional(),
  close: z.array(z.unknown()).optional(),
  volume: z.array(z.unknown()).optional(),
});
const Result = z.looseObject({
  // Absent when the range holds no bars.
  timestamp: z.array(z.unknown()).nullable().optional(),
  indicators: z.looseObject({ quote: z.array(Quote).optional() }).optional(),
});
const Envelope = z.looseObject({
  chart: z.looseObject({
    result: z.array(Result).nullable().optional(),
    error: ChartError.nullable().optional(),
  }),
});

/** A chart answer: raw bars (nulls still inside), or Yahoo's refusal of the symbol or the range. */
export type ChartAnswer =
  | { kind: 'bars'; raws: YahooRawBar[] }
  | { kind: 'unknown-symbol'; reason: string }
  | { kind: 'out-of-range'; reason: string };

/** One index across the parallel arrays, rebuilt into a bar-shaped object so it can be quarantined whole. */
export interface YahooRawBar {
  timestamp: unknown;
  open: unknown;
  high: unknown;
  low: unknown;
  close: unknown;
  volume: unknown;
}

// Intraday history is limited (15m/30m: ~60 days); Yahoo refuses the whole range with 422.
const OUT_OF_RANGE = /data not available for startTime|requested range must be within/i;

/** The error envelope Yahoo sends with 404 and 422, or null when the body is something else. */
export function chartError(text: string): { code: string; description: string } | null {
  try {
    const env = Envelope.safeParse(JSON.parse(text));
    const err = env.success ? env.data.chart.error : null;
    return err ? { code: err.code ?? '', description: err.description ?? err.code ?? '' } : null;
  } catch {
    return null;
  }
}

/** Yahoo's 404 (unknown symbol) and out-of-range 422 are answers about the data, not failed requests. */
export function isChartAnswer(status: number, text: string): boolean {
  const err = status === 404 || status === 422 ? chartError(text) : null;
  return err !== null && (status === 404 || OUT_OF_RANGE.test(err.description));
}

function isAllNull(...xs: unknown[]): boolean {
  return xs.every((x) => x === null || x === undefined);
}

/**
 * Parses a `/v8/finance/chart/{symbol}` body. Slots whose four prices are all null are not bars
 * (Yahoo pads its arrays with them for intervals without trades) and are skipped; a slot with only
 * some values null is a broken bar and goes on to be quarantined.
 */
export function parseChart(text: string): ChartAnswer {
  const env = Envelope.safeParse(parseJson(text, (m) => new MalformedBodyError(m)));
  if (!env.success) throw new MalformedBodyError(`unexpected body shape: ${env.error.issues[0]?.message ?? ''}`);
  const { result, error } = env.data.chart;
  if (error) {
    const reason = error.description ?? error.code ?? 'chart error';
    return OUT_OF_RANGE.test(reason) ? { kind: 'out-of-range', reason } : { kind: 'unknown-symbol', reason };
  }
  const r = result?.[0];
  if (r === undefined) throw new MalformedBodyError('chart has neither a result nor an error');
  const ts = r.timestamp ?? [];
  const q = r.indicators?.quote?.[0] ?? {};
  for (const key of ['open', 'high', 'low', 'close', 'volume'] as const) {
    const list = q[key];
    // A missing array with timestamps present, or a shorter one, leaves bars without a value we can trust.
    if (ts.length > 0 && (list === undefined || list.length !== ts.length)) {
      throw new MalformedBodyError(`indicators.quote[0].${key} has ${list?.length ?? 'no'} entries for ${ts.length} timestamps`);
    }
  }
  const raws: YahooRawBar[] = [];
  for (let i = 0; i < ts.length; i++) {
    const bar = { timestamp: ts[i], open: q.open![i], high: q.high![i], low: q.low![i], close: q.close![i], volume: q.volume![i] };
    if (!isAllNull(bar.open, bar.high, bar.low, bar.close)) raws.push(bar);
  }
  return { kind: 'bars', raws };
}

/** One rebuilt slot into our bar, validated. Yahoo sends neither vwap nor a trade count. */
export function toYahooBar(raw: unknown): ParsedBar {
  if (!isRecord(raw)) return { ok: false, ts: null, reason: 'bar is not an object' };
  const t = raw.timestamp;
  if (typeof t !== 'number' || !Number.isSafeInteger(t)) return { ok: false, ts: null, reason: 'invalid timestamp' };
  return toValidBar(
    new Date(t * 1000),
    { open: raw.open, high: raw.high, low: raw.low, close: raw.close, volume: raw.volume },
    { open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', vwap: 'vwap', tradeCount: 'tradeCount' },
  );
}

/** The description from any Yahoo error body (`chart.error` or `finance.error`), else the text. */
export function yahooErrorMessage(text: string, status: number): { message: string; code?: string } {
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body)) {
      for (const k of ['chart', 'finance']) {
        const part = body[k];
        const err = isRecord(part) && isRecord(part.error) ? part.error : null;
        if (err && typeof err.description === 'string') {
          return { message: err.description, ...(typeof err.code === 'string' ? { code: err.code } : {}) };
        }
      }
    }
  } catch {
    // Yahoo's 429 is plain text.
  }
  const plain = text.trim().slice(0, 300);
  return { message: plain === '' ? `HTTP ${status}` : plain };
}
