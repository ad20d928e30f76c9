import type { Bar } from '@marketfleet/market';

// Shared shapes and conventions for every function in this package.
//
// Bars and series run oldest → newest, as the seed's DataFrames did: the last element is the
// current bar. A series output always has its input's length; a position with too little
// history to be defined holds NaN, as pandas does, never 0 and never a shorter array. Callers
// that need the seed's "0 when undefined" (the pivot ATR threshold, the logistic body test)
// convert at the point of use, where the comment says so.

/** The parts of the market's bar the math reads. Only finite numbers are meaningful; nothing here checks for NaN inputs. */
export type Ohlc = Pick<Bar, 'open' | 'high' | 'low' | 'close' | 'volume'>;

export const closesOf = (bars: readonly Ohlc[]): number[] => bars.map((b) => b.close);

/** The last element of a series, NaN for an empty one (the seed's `.iloc[-1]` would raise). */
export const lastOf = (series: readonly number[]): number => series[series.length - 1] ?? NaN;
