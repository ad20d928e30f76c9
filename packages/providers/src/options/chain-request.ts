import { parseDate } from '@marketfleet/market';
import type { OptionChainRequest } from '../types';

/** More expirations than any listing has (weeklies, monthlies, quarterlies and LEAPS together). */
export const MAX_CHAIN_EXPIRATIONS = 60;

const UNDERLYING_RE = /^[A-Z][A-Z0-9.\-/]{0,9}$/;

/** Rejects a chain request no provider could answer, before any provider is asked. */
export function checkChainRequest(req: OptionChainRequest): void {
  if (typeof req.underlying !== 'string' || !UNDERLYING_RE.test(req.underlying)) {
    throw new RangeError(`underlying must be an upper-case ticker, got '${String(req.underlying)}'`);
  }
  if (!Number.isInteger(req.expirations) || req.expirations < 1 || req.expirations > MAX_CHAIN_EXPIRATIONS) {
    throw new RangeError(`expirations must be an integer in 1–${MAX_CHAIN_EXPIRATIONS}, got ${String(req.expirations)}`);
  }
  if (typeof req.asOf !== 'string' || parseDate(req.asOf) === null) {
    throw new RangeError(`asOf must be a YYYY-MM-DD date, got '${String(req.asOf)}'`);
  }
}
