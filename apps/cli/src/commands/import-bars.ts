import { ensureSymbols, priceActions, upsertBars, type BarRow } from '@marketfleet/db';
import { corporateActionsSync } from '@marketfleet/jobs';
import { type Adjustment, ADJUSTMENTS, nyDate, unadjustBars } from '@marketfleet/market';
import { CommandError, parse, required, ticker, timeframe, UsageError } from '../args';
import type { Context } from '../context';
import { errorLine } from '../errors';
import { COLUMNS, CsvFileError, readBarsCsv } from '../import/csv-bars';
import { readTextFile } from '../import/read-text-file';

const BATCH = 5_000;

/**
 * `import-bars --symbol S --timeframe d1 --file F.csv [--provider NAME] [--skip-bad] [--holds raw|split|all]`:
 * a header `date,open,high,low,close,volume` (any case, extra columns ignored). All or
 * nothing by default: any bad row is reported by line number and nothing is written.
 * `--holds` says what the file's prices are: history already adjusted for the stored
 * corporate actions is turned back into raw bars, so reading it adjusted does not adjust twice.
 * The whole import is one transaction: a crash part-way leaves nothing of it. A corporate-actions
 * sync of the symbol is queued after it, so splits in the imported history are known.
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
  const path = required(v.file, 'file');
  const text = readTextFile(path, 'file', `a header ${COLUMNS.join(', ')}`);
  let read: ReturnType<typeof readBarsCsv>;
  try {
    read = readBarsCsv(text, tf);
  } catch (err) {
    if (err instanceof CsvFileError) throw new CommandError(`${path}: ${err.message}`);
    throw err;
  }
  const { bars, errors } = read;
  for (const e of errors.slice(0, 50)) console.error(`line ${e.line}: ${e.message}`);
  if (errors.length > 50) console.error(`… and ${errors.length - 50} more bad rows`);
  if (errors.length > 0 && !v['skip-bad']) {
    console.error(`${errors.length} bad rows: nothing imported (fix them, or pass --skip-bad to import the ${bars.length} good ones)`);
    return 1;
  }
  const provider = v.provider ?? 'import';
  const fetchedAt = new Date();
  const { db } = await ctx.database();
  const written = await db.transaction(async (tx) => {
    const symbolId = (await ensureSymbols(tx, [symbol])).get(symbol)!;
    const sorted = [...bars].sort((a, b) => a.ts.getTime() - b.ts.getTime());
    const raw = holds === 'raw' ? sorted : unadjustBars(sorted, await priceActions(tx, symbolId, holds), holds, nyDate);
    let n = 0;
    for (let i = 0; i < raw.length; i += BATCH) {
      const rows: BarRow[] = raw.slice(i, i + BATCH).map(({ line: _line, ...b }) => ({ symbolId, timeframe: tf, ...b, provider, status: 'verified', fetchedAt }));
      n += await upsertBars(tx, rows);
    }
    return n;
  });
  console.log(`${bars.length} bars read, ${written} written, ${errors.length} skipped (${symbol} ${tf})`);
  // Splits in the imported history must be known for it to read adjusted: the sync reaches back
  // to the symbol's oldest bar. The import stands whether or not the queue takes it now; the
  // daily sync would get there too.
  try {
    await (await ctx.producer()).enqueue(corporateActionsSync, { symbols: [symbol] }, { triggeredBy: 'cli:import-bars' });
  } catch (err) {
    console.error(`note: the corporate-actions sync of ${symbol} could not be queued (${errorLine(err)}); the daily sync covers its history`);
  }
  return 0;
}
