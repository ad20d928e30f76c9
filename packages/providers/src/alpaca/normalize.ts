import type { Bar, Timeframe } from '@marketfleet/market';
import { normalizeDaily as daily, normalizeIntraday as intraday, type Source as ParsingSource } from '../bars/normalize';
import { toBar } from './parse';

export type { NormalizeSink } from '../bars/normalize';
export type Source = Omit<ParsingSource, 'parse'>;

/** Alpaca 15Min/30Min bars into our m15/h1/h4 (see bars/normalize). */
export function normalizeIntraday(src: Source, sourceMinutes: 15 | 30): Map<Timeframe, Bar[]> {
  return intraday({ ...src, parse: toBar }, sourceMinutes);
}

/** Alpaca 1Day bars, stamped at New York midnight, re-keyed to the session open. */
export function normalizeDaily(src: Source): Map<Timeframe, Bar[]> {
  return daily({ ...src, parse: toBar }, 'midnight');
}
