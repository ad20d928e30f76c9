import { z } from 'zod';
import type { ParsedBar } from '../bars/normalize';
import { validateBar } from '../bars/validate';
import { MalformedBodyError } from '../http/attempt';
import type { Bar } from '../types';

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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MalformedBodyError(`body is not JSON (${text.length} bytes): ${(e as Error).message}`);
  }
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

function optionalNumber(x: unknown): number | null | undefined {
  if (x === undefined || x === null) return null;
  return typeof x === 'number' ? x : undefined;
}

/**
 * One Alpaca bar (`t,o,h,l,c,v,n,vw`) into ours, validated. Unknown fields are ignored; `n` and
 * `vw` are required by the spec but tolerated missing, since OHLCV alone is still worth keeping.
 */
export function toBar(raw: unknown): ParsedBar {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, ts: null, reason: 'bar is not an object' };
  const r = raw as Record<string, unknown>;
  const ts = parseTimestamp(r.t);
  if (ts === null) return { ok: false, ts: null, reason: 'invalid timestamp' };
  for (const key of ['o', 'h', 'l', 'c', 'v'] as const) {
    if (typeof r[key] !== 'number') return { ok: false, ts, reason: `${key} is not a number` };
  }
  const vwap = optionalNumber(r.vw);
  if (vwap === undefined) return { ok: false, ts, reason: 'vw is not a number' };
  const tradeCount = optionalNumber(r.n);
  if (tradeCount === undefined) return { ok: false, ts, reason: 'n is not a number' };
  const bar: Bar = {
    ts,
    open: r.o as number,
    high: r.h as number,
    low: r.l as number,
    close: r.c as number,
    volume: r.v as number,
    vwap,
    tradeCount,
  };
  const reason = validateBar(bar);
  return reason === null ? { ok: true, bar } : { ok: false, ts, reason };
}
