export const TIMEFRAMES = Object.freeze(['m15', 'h1', 'h4', 'd1', 'w1'] as const);

export type Timeframe = (typeof TIMEFRAMES)[number];

export const INTRADAY_TIMEFRAMES: readonly Timeframe[] = Object.freeze(['m15', 'h1', 'h4'] as const);

/**
 * Nominal length of a full-session bar. Daily and weekly are in regular-session minutes (one 6.5 h
 * session, five of them), so these are for sizing and sorting, never for aligning bars: a real bar
 * is clipped at its session close and a week may have fewer sessions.
 */
export const TIMEFRAME_MINUTES: Record<Timeframe, number> = Object.freeze({
  m15: 15,
  h1: 60,
  h4: 240,
  d1: 390,
  w1: 1950,
});

export function isTimeframe(x: unknown): x is Timeframe {
  return typeof x === 'string' && (TIMEFRAMES as readonly string[]).includes(x);
}

export function isIntraday(tf: Timeframe): boolean {
  return tf === 'm15' || tf === 'h1' || tf === 'h4';
}

const MINUTE_MS = 60_000;

/** Step between intraday bar starts, anchored at the session open. */
export function intradayStepMs(tf: Timeframe): number {
  switch (tf) {
    case 'm15':
      return 15 * MINUTE_MS;
    case 'h1':
      return 60 * MINUTE_MS;
    case 'h4':
      return 240 * MINUTE_MS;
    default:
      throw new RangeError(`not an intraday timeframe: ${String(tf)}`);
  }
}
