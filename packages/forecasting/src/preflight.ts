import { openGapCounts, pendingCorporateActions, type Db } from '@marketfleet/db';
import { FORECAST_HORIZONS, type Horizon } from '@marketfleet/ml';
import { isSplit, lagMinutes, nyDate, type MarketClock, type MarketPolicy } from '@marketfleet/market';
import { nextBarStarts } from './points';
import { FEATURE_WARMUP, type Series } from './series';

/**
 * Why a series must not be forecast now, per horizon, or nothing. A forecast from bad data is
 * worse than none: the chart would draw it and the evaluation would score it. Checked in order:
 * enough bars, bars current on the market calendar (the policy's SLA), no open gap in them, and
 * no split due inside the horizon (the path would cross a price change the bars don't show yet).
 */
export async function preflight(
  db: Db,
  clock: MarketClock,
  policy: MarketPolicy,
  series: Series,
  horizons: readonly Horizon[],
  now: Date,
): Promise<Partial<Record<Horizon, string>>> {
  const { timeframe } = series;
  const skips: Partial<Record<Horizon, string>> = {};
  const last = series.ts.at(-1) ?? null;
  const needed = Math.min(...horizons.map((h) => FORECAST_HORIZONS[h].minTrainRows + FORECAST_HORIZONS[h].steps + FEATURE_WARMUP));
  const all = (reason: string) => Object.fromEntries(horizons.map((h) => [h, reason]));
  if (last === null || series.bars.length < needed) {
    return all(`too few bars: ${series.bars.length} ${timeframe} bars stored, at least ${needed} needed`);
  }
  const lag = lagMinutes({ now, lastBarTs: last, timeframe, clock }) ?? 0;
  const sla = policy.slaMinutes[timeframe];
  if (lag > sla) return all(`stale bars: the newest ${timeframe} bar (${last.toISOString()}) is ${Math.round(lag)} minutes behind the market (SLA ${sla})`);
  const gaps = (await openGapCounts(db, [series.symbolId])).get(`${series.symbolId}|${timeframe}`) ?? 0;
  if (gaps > 0) return all(`open quality gap: ${gaps} open gap finding${gaps === 1 ? '' : 's'} in the ${timeframe} bars`);
  const splits = (await pendingCorporateActions(db, nyDate(now), [series.symbolId])).filter(isSplit);
  for (const h of horizons) {
    if (splits.length === 0) break;
    const horizonEnd = nyDate(nextBarStarts(clock, timeframe, last, FORECAST_HORIZONS[h].pathSteps).at(-1)!);
    const split = splits.find((a) => a.exDate <= horizonEnd);
    if (split) skips[h] = `pending split: ${split.type} ${split.ratio} on ${split.exDate}, inside the ${h} horizon`;
  }
  return skips;
}
