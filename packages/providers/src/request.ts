import { isTimeframe, type Timeframe } from '@marketfleet/market';
import type { BarsRequest } from './types';

export interface NormalizedRequest {
  symbols: string[];
  timeframes: Timeframe[];
  from: Date;
  to: Date;
}

/** Dedupes symbols and timeframes (first occurrence wins) and rejects nonsense early. */
export function normalizeRequest(req: BarsRequest): NormalizedRequest {
  if (!(req.from instanceof Date) || !Number.isFinite(req.from.getTime())) throw new RangeError('invalid `from`');
  if (!(req.to instanceof Date) || !Number.isFinite(req.to.getTime())) throw new RangeError('invalid `to`');
  for (const tf of req.timeframes) if (!isTimeframe(tf)) throw new RangeError(`unknown timeframe: ${String(tf)}`);
  for (const s of req.symbols) if (typeof s !== 'string' || s.length === 0) throw new RangeError('empty symbol');
  return { symbols: [...new Set(req.symbols)], timeframes: [...new Set(req.timeframes)], from: req.from, to: req.to };
}
