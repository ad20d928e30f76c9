import type { ParsedBar } from './normalize';
import { type Bar, validateBar } from '@marketfleet/market';

/** A provider bar's values, untrusted, under our names. */
export interface RawFields {
  open: unknown;
  high: unknown;
  low: unknown;
  close: unknown;
  volume: unknown;
  /** Absent (undefined) or null: the provider doesn't send it. */
  vwap?: unknown;
  tradeCount?: unknown;
}

type Names = Record<keyof RawFields, string>;

const REQUIRED = ['open', 'high', 'low', 'close', 'volume'] as const;
const OPTIONAL = ['vwap', 'tradeCount'] as const;

/**
 * Type-checks raw values and validates the bar. Reasons use the provider's own field names (`o`,
 * `open`…), so a quarantine entry points at what was on the wire.
 */
export function toValidBar(ts: Date, f: RawFields, names: Names): ParsedBar {
  for (const key of REQUIRED) {
    if (typeof f[key] !== 'number') return { ok: false, ts, reason: `${names[key]} is ${f[key] === null ? 'null' : 'not a number'}` };
  }
  for (const key of OPTIONAL) {
    const v = f[key];
    if (v !== undefined && v !== null && typeof v !== 'number') return { ok: false, ts, reason: `${names[key]} is not a number` };
  }
  const bar: Bar = {
    ts,
    open: f.open as number,
    high: f.high as number,
    low: f.low as number,
    close: f.close as number,
    volume: f.volume as number,
    vwap: typeof f.vwap === 'number' ? f.vwap : null,
    tradeCount: typeof f.tradeCount === 'number' ? f.tradeCount : null,
  };
  const reason = validateBar(bar);
  return reason === null ? { ok: true, bar } : { ok: false, ts, reason };
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** JSON.parse that reports a body which isn't JSON as malformed (retried), not as a crash. */
export function parseJson(text: string, onError: (message: string) => Error): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw onError(`body is not JSON (${text.length} bytes): ${(e as Error).message}`);
  }
}
