import type { MarketClock } from './sessions';
import type { Timeframe } from './timeframes';

/** One OHLCV bar on the market's grid; `ts` is the bar start in UTC. Prices are raw (unadjusted). */
export interface Bar {
  ts: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number | null;
  tradeCount: number | null;
}

/**
 * `live`: fetched before the bar closed; `provisional`: closed, but fetched before the provider
 * finalised its session (late trades can still change it); `verified`: fetched after that.
 */
export const BAR_STATUSES = Object.freeze(['live', 'provisional', 'verified'] as const);
export type BarStatus = (typeof BAR_STATUSES)[number];

/** Providers fix late trades shortly after the close; a bar fetched after this is final. */
export const FINALISED_AFTER_MS = 15 * 60_000;

/** No bar (a w1 included) ends later than this after its start; older bars need no calendar. */
const LONGEST_BAR_MS = 8 * 24 * 3600_000;

/** Computes each bar's status at fetch time (see the `bar_status` type in the schema). */
export function barStatusOf(clock: MarketClock, tf: Timeframe, ts: Date, fetchedAt: Date): BarStatus {
  // Backfills are almost all long-closed bars: skip the calendar for them.
  if (fetchedAt.getTime() - ts.getTime() > LONGEST_BAR_MS + FINALISED_AFTER_MS) return 'verified';
  const end = clock.barEnd(ts, tf);
  if (end.getTime() > fetchedAt.getTime()) return 'live';
  const close = tf === 'w1' || tf === 'd1' ? end : (clock.sessionAt(ts)?.close ?? end);
  return fetchedAt.getTime() >= close.getTime() + FINALISED_AFTER_MS ? 'verified' : 'provisional';
}

/** The prices and volume that read-time adjustment rescales. */
export type PriceBar = Pick<Bar, 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'vwap'>;

// Bound once: under jest's vm sandbox each `Math.x` lookup is a slow global access.
const { max, min } = Math;

// A provider's vwap counts trades that may not set the high or low (odd lots, late reports), so it
// can sit a little outside [low, high] in sound data. Only a vwap far outside is corruption.
const VWAP_REL_TOLERANCE = 0.05;

// Module constants, not literals in the loops: every bar of every page passes through here.
const PRICES = ['open', 'high', 'low', 'close'] as const;
const OHLCV = [...PRICES, 'volume'] as const;

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Why a bar must not be stored, or null when it is sound. Checks run cheapest-first and the first
 * failure wins, so the reason names the root problem rather than a consequence of it.
 */
export function validateBar(bar: Bar): string | null {
  if (!(bar.ts instanceof Date) || !Number.isFinite(bar.ts.getTime())) return 'invalid timestamp';
  for (const f of OHLCV) {
    if (!isFiniteNumber(bar[f])) return `${f} is not a finite number`;
  }
  const { open, high, low, close, volume, vwap, tradeCount } = bar;
  if (vwap !== null && !isFiniteNumber(vwap)) return 'vwap is not a finite number';
  if (tradeCount !== null && !isFiniteNumber(tradeCount)) return 'tradeCount is not a finite number';
  for (const f of PRICES) {
    if (bar[f] <= 0) return `${f} <= 0`;
  }
  if (high < low) return 'high < low';
  if (high < max(open, close)) return 'high < max(open, close)';
  if (low > min(open, close)) return 'low > min(open, close)';
  if (volume < 0) return 'volume < 0';
  if (tradeCount !== null && (tradeCount < 0 || !Number.isInteger(tradeCount))) return 'tradeCount is not a non-negative integer';
  if (vwap !== null) {
    if (vwap <= 0) return 'vwap <= 0';
    if (vwap < low * (1 - VWAP_REL_TOLERANCE) || vwap > high * (1 + VWAP_REL_TOLERANCE)) {
      return 'vwap far outside [low, high]';
    }
  }
  return null;
}
