import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { ensureSymbols, priceActions, upsertBars, type BarRow } from '@marketfleet/db';
import { type Adjustment, ADJUSTMENTS, isIntraday, marketClock, nyDate, parseDate, type Timeframe, unadjustBars, validateBar } from '@marketfleet/market';
import { parse, required, ticker, timeframe, UsageError } from '../args';
import type { Context } from '../context';

const COLUMNS = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;

export interface RowError {
  line: number;
  message: string;
}

/** Where a row's bar starts: the session open for d1, the week's first open for w1, the instant itself intraday. */
function barStart(value: string, tf: Timeframe): Date | string {
  if (!isIntraday(tf)) {
    const day = parseDate(value.slice(0, 10));
    if (!day) return `date "${value}" is not YYYY-MM-DD`;
    const session = marketClock.session(day);
    if (!session) return `${day} is not a trading session`;
    if (tf === 'd1') return session.open;
    return marketClock.barStart(session.open, 'w1')!;
  }
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/[zZ]|[+-]\d\d:?\d\d$/.test(value)) return `"${value}" is not an ISO date-time with an offset`;
  const start = marketClock.barStart(at, tf);
  if (!start) return `${value} is outside the regular session`;
  if (start.getTime() !== at.getTime()) return `${value} is not the start of a ${tf} bar (${start.toISOString()} is)`;
  return start;
}

/** Parses and checks every row; returns the bars, or every bad row by line number. */
export function readBarsCsv(text: string, tf: Timeframe, symbolId: number, provider: string): { rows: BarRow[]; errors: RowError[] } {
  const records: string[][] = parseCsv(text, { skip_empty_lines: true, trim: true, relax_column_count: true });
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const index = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((c) => index[c] < 0);
  if (missing.length) return { rows: [], errors: [{ line: 1, message: `header lacks ${missing.join(', ')}` }] };
  const rows: BarRow[] = [];
  const errors: RowError[] = [];
  const fetchedAt = new Date();
  const seen = new Map<number, number>();
  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    const num = (c: (typeof COLUMNS)[number]) => (record[index[c]] === '' ? NaN : Number(record[index[c]]));
    const ts = barStart(record[index.date] ?? '', tf);
    if (typeof ts === 'string') return errors.push({ line, message: ts });
    const bar = { ts, open: num('open'), high: num('high'), low: num('low'), close: num('close'), volume: num('volume'), vwap: null, tradeCount: null };
    const invalid = validateBar(bar);
    if (invalid) return errors.push({ line, message: invalid });
    const dup = seen.get(ts.getTime());
    if (dup) return errors.push({ line, message: `same bar as line ${dup}` });
    seen.set(ts.getTime(), line);
    rows.push({ symbolId, timeframe: tf, ...bar, provider, status: 'verified', fetchedAt });
  });
  return { rows, errors };
}

/**
 * `import-bars --symbol S --timeframe d1 --file F.csv [--provider NAME] [--skip-bad] [--holds raw|split|all]`:
 * a header `date,open,high,low,close,volume` (any case, extra columns ignored). All or
 * nothing by default: any bad row is reported by line number and nothing is written.
 * `--holds` says what the file's prices are: history already adjusted for the stored
 * corporate actions is turned back into raw bars, so reading it adjusted does not adjust twice.
 */
export async function importBars(ctx: Context, argv: string[]): Promise<number> {
  const v = parse(argv, {
    symbol: { type: 'string' }, timeframe: { type: 'string' }, file: { type: 'string' },
    provider: { type: 'string' }, 'skip-bad': { type: 'boolean' }, holds: { type: 'string' },
  });
  const holds = (v.holds ?? 'raw') as Adjustment;
  if (!ADJUSTMENTS.includes(holds)) throw new UsageError(`--holds: "${v.holds}" is not raw, split or all`);
  const symbol = ticker(required(v.symbol, 'symbol'));
  const tf = timeframe(required(v.timeframe, 'timeframe'));
  const text = readFileSync(required(v.file, 'file'), 'utf8');
  const { db } = await ctx.database();
  const symbolId = (await ensureSymbols(db, [symbol])).get(symbol)!;
  const read = readBarsCsv(text, tf, symbolId, v.provider ?? 'import');
  const { errors } = read;
  const rows = holds === 'raw' ? read.rows : unadjustBars(read.rows, await priceActions(db, symbolId, holds), holds, nyDate);
  for (const e of errors.slice(0, 50)) console.error(`line ${e.line}: ${e.message}`);
  if (errors.length > 50) console.error(`… and ${errors.length - 50} more bad rows`);
  if (errors.length > 0 && !v['skip-bad']) {
    console.error(`${errors.length} bad rows: nothing imported (fix them, or pass --skip-bad to import the ${rows.length} good ones)`);
    return 1;
  }
  let written = 0;
  for (let i = 0; i < rows.length; i += 5000) written += await upsertBars(db, rows.slice(i, i + 5000));
  console.log(`${rows.length} bars read, ${written} written, ${errors.length} skipped (${symbol} ${tf})`);
  return 0;
}
