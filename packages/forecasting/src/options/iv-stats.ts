import { atmIvHistory, chainFrom, findSymbol, saveIvStats, upsertAtmIv } from '@marketfleet/db';
import { addDays } from '@marketfleet/market';
import { atmIvOf, atmIvStats } from '@marketfleet/ml';
import type { ForecastDeps } from '../deps';
import { toChainContract } from './chain-input';

export type IvStatsOutcome = { status: 'updated'; atmIv: number; days: number } | { status: 'skipped'; reason: string };

/**
 * The session's ATM IV of one underlying from the quotes fetched during the session, then its
 * 52-week statistics recomputed and dated by their latest observation (what IV freshness reads).
 */
export async function updateIvStats(deps: ForecastDeps, symbol: string, session: string): Promise<IvStatsOutcome> {
  const ref = await findSymbol(deps.db, symbol);
  if (!ref) return { status: 'skipped', reason: `unknown underlying ${symbol}` };
  const open = deps.clock.session(session)?.open;
  if (!open) return { status: 'skipped', reason: `${session} is not a session` };
  const quotes = (await chainFrom(deps.db, ref.id, session)).filter((q) => q.fetchedAt >= open);
  const atm = atmIvOf(quotes.map(toChainContract), session);
  if (!atm) return { status: 'skipped', reason: `${symbol}: no strike with both sides quoted on ${session}` };
  await upsertAtmIv(deps.db, [{ symbolId: ref.id, sessionDate: session, ...atm }]);
  const stats = atmIvStats(await atmIvHistory(deps.db, ref.id, addDays(session, -364), session), session);
  if (stats) await saveIvStats(deps.db, ref.id, { ...stats, asOf: stats.asOf ?? session });
  return { status: 'updated', atmIv: atm.atmIv, days: stats?.days ?? 0 };
}
