import { addToWatchlist, listWatchlist, removeFromWatchlist } from '@marketfleet/db';
import { corporateActionsSync, coverageSweep } from '@marketfleet/jobs';
import { tickers, UsageError } from '../args';
import type { Context } from '../context';

/** `watchlist [list] | add A,B | remove A,B`; added symbols get a deep backfill of their history, ahead of routine work. */
export async function watchlist(ctx: Context, argv: string[]): Promise<number> {
  const [action = 'list', list] = argv;
  const { db } = await ctx.database();
  if (action === 'list') {
    for (const s of await listWatchlist(db)) console.log(s.ticker);
    return 0;
  }
  if (action !== 'add' && action !== 'remove') throw new UsageError(`unknown watchlist action: ${action}`);
  const symbols = tickers(list ?? '', action);
  if (action === 'remove') {
    console.log(`${await removeFromWatchlist(db, symbols)} removed`);
    return 0;
  }
  const added = await addToWatchlist(db, symbols, 'cli');
  if (added.length > 0) {
    const producer = await ctx.producer();
    await producer.enqueue(coverageSweep, { symbols: added, deep: true }, { triggeredBy: 'cli' });
    // Their whole history of splits and dividends (no range: the sync reaches back to their
    // history depth), so adjusted series are right from the start.
    await producer.enqueue(corporateActionsSync, { symbols: added }, { triggeredBy: 'cli' });
  }
  console.log(added.length ? `added ${added.join(', ')}; their history is queued` : 'already on the watchlist');
  return 0;
}
