import { findSymbol, readAdjustedBars } from '@marketfleet/db';
import { addDays, type Adjustment, ADJUSTMENTS, nyWallTime } from '@marketfleet/market';
import { date, parse, required, ticker, timeframe, UsageError } from '../args';
import type { Context } from '../context';

/**
 * `export-bars --symbol S --timeframe T [--from --to] [--format csv|json] [--adjustment raw|split|all]`:
 * stored bars, oldest first; raw unless an adjustment is asked for.
 */
export async function exportBars(ctx: Context, argv: string[]): Promise<number> {
  const v = parse(argv, {
    symbol: { type: 'string' }, timeframe: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
    format: { type: 'string' }, adjustment: { type: 'string' },
  });
  const symbol = ticker(required(v.symbol, 'symbol'));
  const tf = timeframe(required(v.timeframe, 'timeframe'));
  const format = v.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format: "${format}" is not csv or json`);
  const adjustment = (v.adjustment ?? 'raw') as Adjustment;
  if (!ADJUSTMENTS.includes(adjustment)) throw new UsageError(`--adjustment: "${v.adjustment}" is not raw, split or all`);
  const from = v.from ? nyWallTime(date(v.from, 'from'), '00:00') : undefined;
  const to = v.to ? nyWallTime(addDays(date(v.to, 'to'), 1), '00:00') : undefined;
  const { db } = await ctx.database();
  const found = await findSymbol(db, symbol);
  if (!found) {
    console.error(`unknown symbol: ${symbol}`);
    return 1;
  }
  const bars = await readAdjustedBars(db, { symbolId: found.id, timeframe: tf, from, to, adjustment });
  const out = bars.map((b) => ({
    ts: b.ts.toISOString(), open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume,
    vwap: b.vwap, tradeCount: b.tradeCount, provider: b.provider, status: b.status,
  }));
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    process.stdout.write('ts,open,high,low,close,volume,vwap,trade_count,provider,status\n');
    for (const b of out) {
      process.stdout.write(`${b.ts},${b.open},${b.high},${b.low},${b.close},${b.volume},${b.vwap ?? ''},${b.tradeCount ?? ''},${b.provider},${b.status}\n`);
    }
  }
  return 0;
}
