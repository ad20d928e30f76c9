import { TIMEFRAMES, type Timeframe } from '@marketfleet/market';
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
