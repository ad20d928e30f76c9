import { nyWallTime, parseDate } from '@marketfleet/market';

/** A request the fake refuses with 400 (or 422 in that mode) and Alpaca's `{"message"}` envelope. */
export class FakeValidationError extends Error {}

export type TimeframeUnit = 'Min' | 'Hour' | 'Day' | 'Week' | 'Month';
export interface ParsedTimeframe {
  amount: number;
  unit: TimeframeUnit;
  /** Canonical spelling, for cache keys. */
  key: string;
}

const TIMEFRAME = /^(\d{1,2})(Min|T|Hour|H|Day|D|Week|W|Month|M)$/;
const UNIT: Record<string, TimeframeUnit> = { Min: 'Min', T: 'Min', Hour: 'Hour', H: 'Hour', Day: 'Day', D: 'Day', Week: 'Week', W: 'Week', Month: 'Month', M: 'Month' };
const MONTHS = new Set([1, 2, 3, 4, 6, 12]);

/** Alpaca's grammar: [1-59]Min|T, [1-23]Hour|H, 1Day|D, 1Week|W, [1,2,3,4,6,12]Month|M. */
export function parseTimeframe(s: string | null): ParsedTimeframe {
  const m = s === null ? null : TIMEFRAME.exec(s);
  if (m === null || m[1]!.startsWith('0')) throw new FakeValidationError('invalid timeframe');
  const amount = Number(m[1]);
  const unit = UNIT[m[2]!]!;
  const ok =
    (unit === 'Min' && amount <= 59) ||
    (unit === 'Hour' && amount <= 23) ||
    ((unit === 'Day' || unit === 'Week') && amount === 1) ||
    (unit === 'Month' && MONTHS.has(amount));
  if (!ok) throw new FakeValidationError('invalid timeframe');
  return { amount, unit, key: `${amount}${unit}` };
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * RFC-3339 (any offset, 0–9 fractional digits) or YYYY-MM-DD. A bare date means New York midnight,
 * or the end of that New York day for `end`, so `start=end=D` covers D [inf].
 */
export function parseTime(s: string, name: 'start' | 'end'): number {
  const date = parseDate(s);
  if (date !== null) {
    const midnight = nyWallTime(date, '00:00').getTime();
    return name === 'start' ? midnight : nyWallTime(nextDate(date), '00:00').getTime() - 1;
  }
  const m = RFC3339.exec(s);
  const ms = m === null ? Number.NaN : Date.parse(s);
  const valid =
    m !== null &&
    parseDate(m[1]!) !== null &&
    Number(m[2]) < 24 &&
    Number(m[3]) < 60 &&
    Number(m[4]) < 60 &&
    (m[5] === undefined || (Number(m[5]) < 24 && Number(m[6]) < 60));
  if (!valid || !Number.isFinite(ms)) throw new FakeValidationError(`invalid ${name}: ${s}`);
  return ms;
}

function nextDate(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function parseLimit(s: string | null): number {
  if (s === null) return 1000;
  const n = /^\d+$/.test(s) ? Number(s) : Number.NaN;
  if (!(n >= 1 && n <= 10_000)) throw new FakeValidationError('invalid limit: must be between 1 and 10000');
  return n;
}

export function parseEnum<T extends string>(s: string | null, name: string, allowed: readonly T[], dflt: T): T {
  if (s === null) return dflt;
  if (!(allowed as readonly string[]).includes(s)) throw new FakeValidationError(`invalid ${name}: ${s}`);
  return s as T;
}

const ADJUSTMENTS = new Set(['raw', 'split', 'dividend', 'spin-off', 'all']);

/** Comma-combinable, e.g. `split,dividend`. */
export function parseAdjustment(s: string | null): string {
  if (s === null) return 'raw';
  if (s.split(',').some((a) => !ADJUSTMENTS.has(a))) throw new FakeValidationError(`invalid adjustment: ${s}`);
  return s;
}

export function rejectUnexpected(query: URLSearchParams, allowed: ReadonlySet<string>): void {
  const extra = [...new Set(query.keys())].filter((k) => !allowed.has(k));
  if (extra.length > 0) throw new FakeValidationError(`unexpected query parameter(s): ${extra.join(',')}`);
}

const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9./-]{0,20}$/;

export function parseSymbols(s: string | null, refused: ReadonlySet<string>): string[] {
  if (s === null || s.trim() === '') throw new FakeValidationError('no symbol specified');
  const symbols = [...new Set(s.split(',').map((x) => x.trim()))];
  for (const sym of symbols) {
    if (!SYMBOL.test(sym) || refused.has(sym)) throw new FakeValidationError(`invalid symbol: ${sym}`);
  }
  return symbols;
}
