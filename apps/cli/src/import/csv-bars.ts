import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import {
  type Bar,
  inMarketDateRange,
  inMarketTimeRange,
  isIntraday,
  MARKET_DATE_RANGE,
  marketClock,
  parseDate,
  type Timeframe,
  validateBar,
} from '@marketfleet/market';

export const COLUMNS = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;
type Column = (typeof COLUMNS)[number];

/** A problem with the file as a whole (its header, its quoting): nothing of it can be read. */
export class CsvFileError extends Error {}

export interface RowError {
  line: number;
  message: string;
}

/** A bar read from the file, with the line its row starts on. */
export type CsvBar = Bar & { line: number };

// Decimal only: digits, an optional fraction and an optional base-10 exponent (spreadsheets and
// pandas write large volumes as 1.5E+07). No hex, octal or binary, no Infinity, no separators.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a whole field spells in decimal, or null. */
export function parseDecimal(field: string): number | null {
  if (!DECIMAL.test(field)) return null;
  const n = Number(field);
  return Number.isFinite(n) ? n : null;
}

// A whole field: a date, optionally followed by a time and a zone (both, or neither).
const ISO = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const OUT_OF_RANGE = (d: string) => `${d} is outside the dates the market clock supports (${MARKET_DATE_RANGE.first}..${MARKET_DATE_RANGE.last})`;

function parseIso(field: string): { date: string; at: Date | null } | null {
  const m = ISO.exec(field);
  const date = m && parseDate(m[1]!);
  if (!m || !date) return null;
  if (m[2] === undefined) return { date, at: null };
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  const at = new Date(field);
  return Number.isNaN(at.getTime()) ? null : { date, at };
}

/**
 * Where a row's bar starts. Daily and weekly rows name their session by the date as written (a
 * file labelled at UTC midnight is not moved to the evening before); intraday rows need the
 * instant, with its zone, which must be the start of a bar.
 */
function barStart(field: string, tf: Timeframe): Date | string {
  const iso = parseIso(field);
  if (!isIntraday(tf)) {
    if (!iso) return `date "${field}" is not YYYY-MM-DD or an ISO date-time with a zone`;
    if (!inMarketDateRange(iso.date)) return OUT_OF_RANGE(iso.date);
    const session = marketClock.session(iso.date);
    if (!session) return `${iso.date} is not a trading session`;
    return tf === 'd1' ? session.open : marketClock.barStart(session.open, 'w1')!;
  }
  if (!iso?.at) return `"${field}" is not an ISO date-time with a zone`;
  if (!inMarketTimeRange(iso.at)) return OUT_OF_RANGE(iso.date);
  const start = marketClock.barStart(iso.at, tf);
  if (!start) return `${field} is outside the regular session`;
  if (start.getTime() !== iso.at.getTime()) return `${field} is not the start of a ${tf} bar (${start.toISOString()} is)`;
  return start;
}

const newlines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
};
const LEADING_BLANK_LINES = /^(?:[ \t]*\n)*/;

const CSV_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by more than a comma or the end of the line',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a closing quote is followed by more than a comma or the end of the line',
};

/**
 * Parses and checks every row; returns the bars, and every bad row by the line it starts on
 * (counted in the file: blank lines and quoted fields spanning lines included). A problem with
 * the file itself (no header, a header without a column, broken quoting) throws CsvFileError.
 */
export function readBarsCsv(input: string, tf: Timeframe): { bars: CsvBar[]; errors: RowError[] } {
  // One line ending, so that line numbers count what an editor shows.
  const text = input.replace(/\r\n?/g, '\n');
  const bars: CsvBar[] = [];
  const errors: RowError[] = [];
  const seen = new Map<number, number>();
  let index: Record<Column, number> | null = null;
  // Where the text not yet consumed by a record begins (records carry their raw text).
  let line = 1;
  let offset = 0;
  const startOf = (raw: string) => line + newlines(LEADING_BLANK_LINES.exec(raw)![0]);
  const onRecord = ({ record, raw }: { record: string[]; raw: string }) => {
    const start = startOf(raw);
    line += newlines(raw);
    offset += raw.length;
    if (record.every((f) => f === '')) return null;
    if (!index) {
      const header = record.map((h) => h.toLowerCase());
      const found = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<Column, number>;
      const missing = COLUMNS.filter((c) => found[c] < 0);
      if (missing.length) throw new CsvFileError(`line ${start}: the header lacks ${missing.join(', ')} (it needs ${COLUMNS.join(', ')})`);
      index = found;
      return null;
    }
    const problem = readRow(record, index, tf, start, bars, seen);
    if (problem) errors.push({ line: start, message: problem });
    return null;
  };
  try {
    // With `raw`, each record reaches on_record with its raw text (the typings do not say so).
    parseCsv(text, { trim: true, relax_column_count: true, raw: true, on_record: (r: unknown) => onRecord(r as { record: string[]; raw: string }) });
  } catch (err) {
    if (err instanceof CsvFileError) throw err;
    if (!(err instanceof CsvError)) throw err;
    // An unclosed quote is reported where its record starts, not at the end of the file.
    const at = err.code === 'CSV_QUOTE_NOT_CLOSED' ? startOf(text.slice(offset)) : ((err as { lines?: number }).lines ?? line);
    throw new CsvFileError(`line ${at}: ${CSV_MESSAGES[err.code] ?? err.message}`);
  }
  if (!index) throw new CsvFileError(`the file holds no header: it needs ${COLUMNS.join(', ')}`);
  return { bars, errors };
}

/** Checks one row and adds its bar; returns what is wrong with it instead. */
function readRow(record: string[], index: Record<Column, number>, tf: Timeframe, line: number, bars: CsvBar[], seen: Map<number, number>): string | null {
  const field = (c: Column) => record[index[c]] ?? '';
  const values: Partial<Record<Column, number>> = {};
  for (const c of COLUMNS.slice(1) as Column[]) {
    const raw = field(c);
    if (raw === '') return `${c} is missing`;
    const n = parseDecimal(raw);
    if (n === null) return `${c} is not a decimal number: ${JSON.stringify(raw)}`;
    values[c] = n;
  }
  const ts = barStart(field('date'), tf);
  if (typeof ts === 'string') return ts;
  const bar: Bar = { ts, open: values.open!, high: values.high!, low: values.low!, close: values.close!, volume: values.volume!, vwap: null, tradeCount: null };
  const invalid = validateBar(bar);
  if (invalid) return invalid;
  const dup = seen.get(ts.getTime());
  if (dup) return `same bar as line ${dup}`;
  seen.set(ts.getTime(), line);
  bars.push({ ts, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, vwap: null, tradeCount: null, line });
  return null;
}
