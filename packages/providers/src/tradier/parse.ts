import { nyOffsetMinutes, nyWallTime, parseDate } from '@marketfleet/market';
import { z } from 'zod';
import type { ParsedBar } from '../bars/normalize';
import { isRecord, parseJson, toValidBar } from '../bars/parse-bar';
import { MalformedBodyError } from '../http/attempt';

// Tradier's XML-to-JSON heritage: a list of one is a bare object, and no data is `null`.
const OneOrMany = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).nullable().optional();
const Timesales = z.looseObject({ series: z.looseObject({ data: OneOrMany }).nullable() });
const History = z.looseObject({ history: z.looseObject({ day: OneOrMany }).nullable() });

function list(x: unknown[] | Record<string, unknown> | null | undefined): unknown[] {
  if (x === null || x === undefined) return [];
  return Array.isArray(x) ? x : [x];
}

function envelope<T extends z.ZodType>(schema: T, text: string): z.infer<T> {
  const env = schema.safeParse(parseJson(text, (m) => new MalformedBodyError(m)));
  if (!env.success) throw new MalformedBodyError(`unexpected body shape: ${env.error.issues[0]?.message ?? ''}`);
  return env.data;
}

/** `/v1/markets/timesales` rows, whichever of array, single object or null Tradier sent. */
export function parseTimesales(text: string): unknown[] {
  return list(envelope(Timesales, text).series?.data);
}

/** `/v1/markets/history` days, whichever of array, single object or null Tradier sent. */
export function parseHistory(text: string): unknown[] {
  return list(envelope(History, text).history?.day);
}

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):(\d{2})$/;

/**
 * Timesales `time` is New York wall time without an offset (`2024-07-01T09:30:00`). It is the
 * authority; the epoch `timestamp` next to it is ignored rather than cross-checked, so one
 * disagreeing field can't cost a bar.
 */
export function parseLocalTime(x: unknown): Date | null {
  const m = typeof x === 'string' ? LOCAL_TIME.exec(x) : null;
  if (m === null || parseDate(m[1]!) === null) return null;
  const [hh, mm] = m[2]!.split(':').map(Number) as [number, number];
  if (hh > 23 || mm > 59 || Number(m[3]) > 59) return null;
  return new Date(nyWallTime(m[1]!, m[2]!).getTime() + Number(m[3]) * 1000);
}

const NAMES = { open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', vwap: 'vwap', tradeCount: 'tradeCount' };

/** One timesales row `{time, timestamp, price, open, high, low, close, volume, vwap}` into ours, validated. */
export function toTimesalesBar(raw: unknown): ParsedBar {
  if (!isRecord(raw)) return { ok: false, ts: null, reason: 'bar is not an object' };
  const ts = parseLocalTime(raw.time);
  if (ts === null) return { ok: false, ts: null, reason: 'invalid timestamp' };
  return toValidBar(ts, { open: raw.open, high: raw.high, low: raw.low, close: raw.close, volume: raw.volume, vwap: raw.vwap }, NAMES);
}

/** One history day `{date, open, high, low, close, volume}`, stamped at New York midnight like Alpaca's 1Day. */
export function toHistoryBar(raw: unknown): ParsedBar {
  if (!isRecord(raw)) return { ok: false, ts: null, reason: 'bar is not an object' };
  const date = typeof raw.date === 'string' ? parseDate(raw.date) : null;
  if (date === null) return { ok: false, ts: null, reason: 'invalid timestamp' };
  return toValidBar(nyWallTime(date, '00:00'), { open: raw.open, high: raw.high, low: raw.low, close: raw.close, volume: raw.volume }, NAMES);
}

/** `YYYY-MM-DD HH:MM` in New York, as timesales `start`/`end` expect. */
export function formatLocalMinute(at: Date): string {
  const local = new Date(at.getTime() + nyOffsetMinutes(at) * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** Tradier's error bodies: plain text (`Invalid Access Token`), an Apigee `fault`, or `errors.error`. */
export function tradierErrorMessage(text: string, status: number): { message: string; code?: string } {
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body)) {
      if (isRecord(body.fault) && typeof body.fault.faultstring === 'string') return { message: body.fault.faultstring };
      const errors = isRecord(body.errors) ? body.errors.error : undefined;
      const first = Array.isArray(errors) ? errors[0] : errors;
      if (typeof first === 'string') return { message: first };
      if (typeof body.message === 'string') return { message: body.message };
    }
  } catch {
    // Plain text is the usual case.
  }
  const plain = text.trim().slice(0, 300);
  return { message: plain === '' ? `HTTP ${status}` : plain };
}

/** X-Ratelimit-Expiry in epoch milliseconds (a value too small for that is read as seconds), else Retry-After. */
export function tradierResetAt(headers: Headers, nowMs: number): Date | undefined {
  const v = Number(headers.get('X-Ratelimit-Expiry') ?? Number.NaN);
  if (Number.isFinite(v) && v > 0) return new Date(v < 1e12 ? v * 1000 : v);
  const after = headers.get('Retry-After');
  return after !== null && /^\d+$/.test(after) ? new Date(nowMs + Number(after) * 1000) : undefined;
}
