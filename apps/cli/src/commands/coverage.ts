import { ensureSymbols } from '@marketfleet/db';
import { addDays, marketClock, nyDate, nyWallTime, TIMEFRAMES, type Timeframe } from '@marketfleet/market';
import { marketPolicy } from '@marketfleet/market';
import { parse, required, ticker, timeframe } from '../args';
import type { Context } from '../context';
import { measureCoverage } from '@marketfleet/ingest';

/** `coverage --symbol S [--timeframe T]`: expected vs stored bars over each history depth, gaps as ranges. */
export async function coverage(ctx: Context, argv: string[]): Promise<number> {
  const v = parse(argv, { symbol: { type: 'string' }, timeframe: { type: 'string' } });
  const symbol = ticker(required(v.symbol, 'symbol'));
  const tfs: Timeframe[] = v.timeframe ? [timeframe(v.timeframe)] : [...TIMEFRAMES];
  const { db } = await ctx.database();
  const now = new Date();
  const days = marketPolicy(ctx.env).historyDays;
  const windows = Object.fromEntries(tfs.map((tf) => [tf, nyWallTime(addDays(nyDate(now), -days[tf]), '00:00')]));
  const ids = await ensureSymbols(db, [symbol]);
  let complete = true;
  for (const c of await measureCoverage(db, marketClock, { symbols: ids, windows, now })) {
    const missing = c.expected - c.stored;
    complete &&= missing === 0;
    console.log(`${symbol} ${c.timeframe.padEnd(3)} last ${days[c.timeframe]} days: ${c.stored}/${c.expected} bars, ${missing} missing in ${c.gaps.length} gaps` +
      (c.answeredMissing ? ` (${c.answeredMissing} already answered by the provider without them)` : ''));
    for (const g of c.gaps.slice(0, 20)) console.log(`  gap ${g.from}..${g.to}: ${g.missingBars} bars`);
    if (c.gaps.length > 20) console.log(`  … ${c.gaps.length - 20} more gaps`);
  }
  return complete ? 0 : 1;
}
