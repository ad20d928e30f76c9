import { parseDate } from '@marketfleet/market';
import type { CorporateActionsRequest } from './types';

/** Checks a New York date window (both ends inclusive) and rejects nonsense before any request. */
export function checkDateRange(from: string, to: string): void {
  if (parseDate(from) === null) throw new RangeError(`invalid \`from\` (expected YYYY-MM-DD): ${String(from)}`);
  if (parseDate(to) === null) throw new RangeError(`invalid \`to\` (expected YYYY-MM-DD): ${String(to)}`);
  if (to < from) throw new RangeError(`\`to\` (${to}) is before \`from\` (${from})`);
}

/** The request's symbols deduplicated (first occurrence wins), after checking the window. */
export function normalizeActionsRequest(req: CorporateActionsRequest): string[] {
  checkDateRange(req.from, req.to);
  for (const s of req.symbols) if (typeof s !== 'string' || s.length === 0) throw new RangeError('empty symbol');
  return [...new Set(req.symbols)];
}
