import { z } from 'zod';
import type { ParsedBar } from '../bars/normalize';
import { isRecord, parseJson, toValidBar } from '../bars/parse-bar';
import { MalformedBodyError } from '../http/attempt';

// `DELAYED` is what plans without real-time data get; the bars are as good.
const GOOD_STATUS = new Set(['OK', 'DELAYED']);

const Envelope = z.looseObject({
  status: z.string().optional(),
  results: z.array(z.unknown()).nullable().optional(),
  next_url: z.string().nullable().optional(),
});

export interface AggsPage {
  /** Raw aggregates in the order received; values are not trusted yet. */
  results: unknown[];
  nextUrl: string | null;
}

/** Parses a `/v2/aggs/ticker/…/range/…` body. An unknown ticker is an empty `OK` page, not an error. */
export function parseAggsPage(text: string): AggsPage {
  const json = parseJson(text, (m) => new MalformedBodyError(m));
  const env = Envelope.safeParse(json);
  if (!env.success) throw new MalformedBodyError(`unexpected body shape: ${env.error.issues[0]?.message ?? ''}`);
  const { status, results, next_url: next } = env.data;
  if (status !== undefined && !GOOD_STATUS.has(status)) throw new MalformedBodyError(`status ${status} on a 200`);
  return { results: results ?? [], nextUrl: next === undefined || next === null || next === '' ? null : next };
}

/** One aggregate `{t (ms), o, h, l, c, v, vw?, n?}` into ours, validated; unknown fields (`otc`…) are ignored. */
export function toPolygonBar(raw: unknown): ParsedBar {
  if (!isRecord(raw)) return { ok: false, ts: null, reason: 'bar is not an object' };
  const t = raw.t;
  if (typeof t !== 'number' || !Number.isSafeInteger(t)) return { ok: false, ts: null, reason: 'invalid timestamp' };
  return toValidBar(
    new Date(t),
    { open: raw.o, high: raw.h, low: raw.l, close: raw.c, volume: raw.v, vwap: raw.vw, tradeCount: raw.n },
    { open: 'o', high: 'h', low: 'l', close: 'c', volume: 'v', vwap: 'vw', tradeCount: 'n' },
  );
}
