import { inMarketDateRange, MARKET_DATE_RANGE, parseDate, TIMEFRAMES, type Timeframe } from '@marketfleet/market';
import { z } from 'zod';

export const TICKER = /^[A-Z][A-Z0-9.\-]{0,9}$/;
const TICKER_RULE = 'must be a ticker: a letter, then up to 9 letters, digits, dots or dashes';

/** A repeated parameter arrives as an array; say so rather than "is required". */
const scalar = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? 'is required' : `must be ${what}, given once`;

/** A ticker in a query string: trimmed and uppercased, as the old app sent them in any case. */
export const QueryTicker = z.string({ error: scalar('a ticker') }).trim().toUpperCase().regex(TICKER, { error: TICKER_RULE });

/** A ticker in a JSON body. */
export const BodyTicker = z.string({ error: 'must be a ticker string' }).trim().toUpperCase().regex(TICKER, { error: TICKER_RULE });

export const QueryTimeframe = z.enum(TIMEFRAMES as readonly [Timeframe, ...Timeframe[]], {
  error: `must be one of ${TIMEFRAMES.join(', ')}`,
});

/**
 * A whole number in a query string, in plain decimal digits only: `Number()` (and zod's coerce)
 * would read `0x10`, `1e3`, ` 10`, `+10` and even `` as numbers, so no coercion is used.
 */
export function queryInt(min: number, max: number) {
  const rule = `must be an integer from ${min} to ${max}`;
  return z
    .string({ error: scalar(rule.replace(/^must be /, '')) })
    .regex(/^\d{1,16}$/, { error: rule })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: rule }).max(max, { error: rule }));
}

/** What a date outside the market's supported range is told: the range itself (one rule, `@marketfleet/market`). */
export const OUT_OF_RANGE = `must lie between ${MARKET_DATE_RANGE.first} and ${MARKET_DATE_RANGE.last}`;

/** A calendar date in a JSON body: exactly YYYY-MM-DD, a real day, inside the supported range. */
export const BodyDate = z
  .string({ error: 'must be a date as YYYY-MM-DD' })
  .refine((s) => parseDate(s) !== null, { error: 'must be a date as YYYY-MM-DD', abort: true })
  .refine(inMarketDateRange, { error: OUT_OF_RANGE });
