import { findSymbol, listCorporateActions } from '@marketfleet/db';
import { nyDate } from '@marketfleet/market';
import { parse, required, ticker } from '../args';
import type { Context } from '../context';

/** `corporate-actions --symbol S [--json]`: the stored actions, oldest first, pending ones marked. */
export async function corporateActions(ctx: Context, argv: string[]): Promise<number> {
  const v = parse(argv, { symbol: { type: 'string' }, json: { type: 'boolean' } });
  const symbol = ticker(required(v.symbol, 'symbol'));
  const { db } = await ctx.database();
  const found = await findSymbol(db, symbol);
  if (!found) {
    console.error(`unknown symbol: ${symbol}`);
    return 1;
  }
  const today = nyDate(new Date());
  const actions = (await listCorporateActions(db, found.id)).map((a) => ({
    exDate: a.exDate, type: a.type, ratio: a.ratio, cashAmount: a.cashAmount, pending: a.exDate > today,
    recordDate: a.recordDate, payableDate: a.payableDate, provider: a.provider,
  }));
  if (v.json) {
    console.log(JSON.stringify(actions, null, 2));
    return 0;
  }
  if (actions.length === 0) console.log(`no corporate actions stored for ${symbol}`);
  for (const a of actions) {
    const what = a.ratio !== null ? `ratio ${a.ratio}` : a.cashAmount !== null ? `cash ${a.cashAmount}` : '';
    console.log(`${a.exDate}  ${a.type.padEnd(15)} ${what.padEnd(14)} ${a.pending ? 'pending' : ''}`.trimEnd());
  }
  return 0;
}
