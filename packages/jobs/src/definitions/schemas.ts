import { parseDate, TIMEFRAMES } from '@marketfleet/market';
import { z } from 'zod';

/** The app's symbol grammar (chart contract): A–Z first, then A–Z, 0–9, '.', '-'. */
export const Ticker = z.string().regex(/^[A-Z][A-Z0-9.-]{0,9}$/, 'a ticker like AAPL or BRK.B');
export const TimeframeSchema = z.enum(TIMEFRAMES as unknown as ['m15', 'h1', 'h4', 'd1', 'w1']);
export const SessionDate = z.string().refine((s) => parseDate(s) !== null, 'a date as YYYY-MM-DD');
