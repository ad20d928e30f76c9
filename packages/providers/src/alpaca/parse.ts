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
  if (typeof x !== 'string' || !RFC3339.test(x)) return null;
  const ms = Date.parse(x);
  return Number.isFinite(ms) ? new Date(ms) : null;
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
