import { z } from 'zod';
import type { ParsedBar } from '../bars/normalize';
import { isRecord, parseJson, toValidBar } from '../bars/parse-bar';
import { MalformedBodyError } from '../http/attempt';

export { MalformedBodyError };

// The envelope is checked with zod; the bars inside are checked by hand below because a 10,000-bar
// page through a per-bar schema costs more than the HTTP round trip.
const Envelope = z.looseObject({
  bars: z.union([z.null(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  next_page_token: z.string().nullable().optional(),
});

export interface BarsPage {
  /** Raw bars per symbol, in the order received; values are not trusted yet. */
  bars: Map<string, unknown[]>;
  nextPageToken: string | null;
}

/** Parses a multi-symbol `/v2/stocks/bars` body; anything that isn't that shape is malformed. */
export function parseBarsPage(text: string): BarsPage {
  const json = parseJson(text, (message) => new MalformedBodyError(message));
  const env = Envelope.safeParse(json);
  if (!env.success) throw new MalformedBodyError(`unexpected body shape: ${env.error.issues[0]?.message ?? ''}`);
  const bars = new Map<string, unknown[]>();
  const raw = env.data.bars;
  if (Array.isArray(raw)) {
    // The single-symbol shape; only an empty one can be accepted without knowing the symbol.
    if (raw.length > 0) throw new MalformedBodyError('bars is an array on the multi-symbol endpoint');
  } else if (raw != null) {
    for (const [symbol, list] of Object.entries(raw)) {
      if (list === null) continue;
      if (!Array.isArray(list)) throw new MalformedBodyError(`bars.${symbol} is not an array`);
      bars.set(symbol, list);
    }
  }
  return { bars, nextPageToken: env.data.next_page_token ?? null };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** RFC-3339 with any offset and 0–9 fractional digits (Date keeps milliseconds), or null. */
export function parseTimestamp(x: unknown): Date | null {
  if (typeof x !== 'string') return null;
  const fast = wholeSecondsUtc(x);
  if (fast !== null) return new Date(fast);
  if (!RFC3339.test(x)) return null;
  const ms = Date.parse(x);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch ms of a bar's usual stamp, `2024-07-01T13:30:00Z`, read digit by digit (a tenth of the
 * cost of the pattern and Date.parse, paid on every bar of a page); null for any other form or an
 * impossible date, which the general path then judges.
 */
function wholeSecondsUtc(x: string): number | null {
  if (x.length !== 20 || x.charCodeAt(19) !== 90 /* Z */) return null;
  let i = 0;
  const digits = (n: number, after: number) => {
    let v = 0;
    for (const end = i + n; i < end; i++) {
      const d = x.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return x.charCodeAt(i++) === after ? v : -1;
  };
  const year = digits(4, 45 /* - */);
  const month = digits(2, 45);
  const day = digits(2, 84 /* T */);
  const hour = digits(2, 58 /* : */);
  const minute = digits(2, 58);
  const second = digits(2, 90);
  if (year < 0 || month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day < 1 || day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

export type { ParsedBar };

const ALPACA_NAMES = { open: 'o', high: 'h', low: 'l', close: 'c', volume: 'v', vwap: 'vw', tradeCount: 'n' } as const;

/**
 * One Alpaca bar (`t,o,h,l,c,v,n,vw`) into ours, validated by the shared bar parser. Unknown fields
 * are ignored; `n` and `vw` are required by the spec but tolerated missing, since OHLCV alone is
 * still worth keeping.
 */
export function toBar(raw: unknown): ParsedBar {
  if (!isRecord(raw)) return { ok: false, ts: null, reason: 'bar is not an object' };
  const ts = parseTimestamp(raw.t);
  if (ts === null) return { ok: false, ts: null, reason: 'invalid timestamp' };
  return toValidBar(ts, { open: raw.o, high: raw.h, low: raw.l, close: raw.c, volume: raw.v, vwap: raw.vw, tradeCount: raw.n }, ALPACA_NAMES);
}
