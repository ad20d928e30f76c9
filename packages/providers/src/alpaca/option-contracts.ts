// `/v2/options/contracts` (trading host): contract metadata, of which the chain needs one thing
// the snapshots lack, open interest. Its numeric fields are strings (`"open_interest": "1234"`).

import { isRecord, parseJson } from '../bars/parse-bar';
import { MalformedBodyError } from '../http/attempt';

export interface OptionContractsPage {
  /** Open interest by OCC symbol, as sent: a string, a number, or null when unknown. */
  openInterest: Map<string, unknown>;
  nextPageToken: string | null;
}

export function parseOptionContractsPage(text: string): OptionContractsPage {
  const body = parseJson(text, (m) => new MalformedBodyError(m));
  if (!isRecord(body)) throw new MalformedBodyError('option contracts body is not an object');
  const list = body.option_contracts ?? [];
  const token = body.next_page_token;
  if (!Array.isArray(list)) throw new MalformedBodyError('`option_contracts` is not an array');
  if (token !== undefined && token !== null && typeof token !== 'string') throw new MalformedBodyError('`next_page_token` is not a string');
  const openInterest = new Map<string, unknown>();
  for (const c of list) {
    // A contract without a symbol can't be matched to a snapshot; it only loses its metadata.
    if (isRecord(c) && typeof c.symbol === 'string') openInterest.set(c.symbol, c.open_interest);
  }
  return { openInterest, nextPageToken: token ?? null };
}

/** `"1234"` → 1234; null stays unknown; anything else is passed on for the snapshot check to refuse. */
export function openInterestValue(raw: unknown): unknown {
  if (typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim())) return Number(raw);
  return raw;
}
