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

/** The prices and volume that read-time adjustment rescales. */
export type PriceBar = Pick<Bar, 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'vwap'>;

// Bound once: under jest's vm sandbox each `Math.x` lookup is a slow global access.
const { max, min } = Math;

// A provider's vwap counts trades that may not set the high or low (odd lots, late reports), so it
// can sit a little outside [low, high] in sound data. Only a vwap far outside is corruption.
const VWAP_REL_TOLERANCE = 0.05;

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Why a bar must not be stored, or null when it is sound. Checks run cheapest-first and the first
 * failure wins, so the reason names the root problem rather than a consequence of it.
 */
export function validateBar(bar: Bar): string | null {
  if (!(bar.ts instanceof Date) || !Number.isFinite(bar.ts.getTime())) return 'invalid timestamp';
  const fields = ['open', 'high', 'low', 'close', 'volume'] as const;
  for (const f of fields) {
    if (!isFiniteNumber(bar[f])) return `${f} is not a finite number`;
  }
  const { open, high, low, close, volume, vwap, tradeCount } = bar;
  if (vwap !== null && !isFiniteNumber(vwap)) return 'vwap is not a finite number';
  if (tradeCount !== null && !isFiniteNumber(tradeCount)) return 'tradeCount is not a finite number';
  for (const f of ['open', 'high', 'low', 'close'] as const) {
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
