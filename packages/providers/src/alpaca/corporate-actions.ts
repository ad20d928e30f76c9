import { ACTION_TYPES, parseDate, SPLIT_TYPES } from '@marketfleet/market';
import { ProviderResponseError } from '../errors';
import { MalformedBodyError } from '../http/attempt';
import type { CorporateAction } from '../types';
import type { ParseContext } from './calendar';

// The types Alpaca documents are the market's; items of other types are passed through when they can be mapped.
const KNOWN = new Set<string>(ACTION_TYPES);
const SPLITS = new Set<string>(SPLIT_TYPES);

/** `forward_splits` → `forward_split`: every key is its type's plural with an `s`. */
export function singularType(key: string): string {
  return key.endsWith('s') ? key.slice(0, -1) : key;
}

// The symbol the action is about comes first; the others are what it turns into or merges with.
const OWN_SYMBOL = ['symbol', 'source_symbol', 'old_symbol', 'acquiree_symbol'] as const;
const OTHER_SYMBOL = ['new_symbol', 'acquirer_symbol', 'alternate_symbol'] as const;
// Types without an ex-date (unit splits, mergers, name changes, removals) take effect on one of
// these; the types documented with one must have it, as the process date can be weeks later.
const EX_DATE = ['ex_date', 'effective_date', 'process_date', 'payable_date'] as const;
const HAS_EX_DATE = new Set(['forward_split', 'reverse_split', 'cash_dividend', 'stock_dividend', 'spin_off', 'rights_distribution']);

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && NUMBER.test(v)) return Number(v);
  return null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The symbol an item is filed under: its own symbol when we asked for it, else another of its
 * symbols we asked for (a name change found by its new ticker), else its own (a spin-off keeps
 * the source, whatever the new company is called).
 */
function symbolOf(item: Record<string, unknown>, ours: ReadonlySet<string>): string | null {
  const own = OWN_SYMBOL.map((k) => str(item[k])).filter((s): s is string => s !== null);
  const other = OTHER_SYMBOL.map((k) => str(item[k])).filter((s): s is string => s !== null);
  return own.find((s) => ours.has(s)) ?? other.find((s) => ours.has(s)) ?? own[0] ?? other[0] ?? null;
}

class ItemError extends Error {}

function date(item: Record<string, unknown>, key: string): string | null {
  const v = item[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || parseDate(v) === null) throw new ItemError(`${key} is not YYYY-MM-DD`);
  return v;
}

function positive(item: Record<string, unknown>, key: string, allowZero = false): number {
  const v = num(item[key]);
  if (v === null || v < 0 || (v === 0 && !allowZero)) throw new ItemError(`${key} is not a ${allowZero ? 'non-negative' : 'positive'} number`);
  return v;
}

/** One item in our shape; throws ItemError when a field we rely on is missing or wrong. */
function toAction(type: string, item: Record<string, unknown>, ours: ReadonlySet<string>): CorporateAction {
  const symbol = symbolOf(item, ours);
  if (symbol === null) throw new ItemError('no symbol');
  let exDate: string | null = null;
  for (const key of HAS_EX_DATE.has(type) ? ['ex_date'] : EX_DATE) exDate ??= date(item, key);
  if (exDate === null) throw new ItemError(HAS_EX_DATE.has(type) ? 'no ex_date' : 'no ex_date, effective_date or process_date');
  let ratio: number | null = null;
  let cashAmount: number | null = null;
  // Splits: new shares per old share, so a 1-for-50 reverse split (old 50, new 1) is 0.02.
  if (SPLITS.has(type)) ratio = positive(item, 'new_rate') / positive(item, 'old_rate');
  if (type === 'stock_dividend') ratio = 1 + positive(item, 'rate', true);
  if (type === 'cash_dividend') cashAmount = positive(item, 'rate', true);
  return {
    symbol,
    type,
    exDate,
    recordDate: date(item, 'record_date'),
    payableDate: date(item, 'payable_date'),
    processDate: date(item, 'process_date'),
    ratio,
    cashAmount,
    providerId: str(item.id),
    detail: item,
  };
}

export interface ActionsPage {
  actions: CorporateAction[];
  /** Items on the page, mapped or not; an empty page with a token is counted by the pager. */
  count: number;
  nextPageToken: string | null;
}

/**
 * Parses one page of `GET /v1/corporate-actions`. The envelope being wrong is a malformed body
 * (retried); an item of a known type lacking what adjustments need fails the call at once,
 * naming it, since a wrong ratio or date would silently corrupt adjusted prices. Items of types
 * added after this was written are kept when they can be mapped and skipped when not, so a new
 * type never breaks the sync.
 */
export function parseActionsPage(text: string, ours: ReadonlySet<string>, ctx: ParseContext): ActionsPage {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new MalformedBodyError(`corporate actions body is not JSON (${text.length} bytes): ${(e as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new MalformedBodyError('corporate actions body is not an object');
  const { corporate_actions: groups, next_page_token: next } = body as Record<string, unknown>;
  if (next !== undefined && next !== null && typeof next !== 'string') throw new MalformedBodyError('next_page_token is not a string');
  if (groups !== undefined && groups !== null && (typeof groups !== 'object' || Array.isArray(groups))) {
    throw new MalformedBodyError('corporate_actions is not an object');
  }
  const actions: CorporateAction[] = [];
  let count = 0;
  // A type with no items has no key at all, so every key is optional.
  for (const [key, list] of Object.entries((groups ?? {}) as Record<string, unknown>)) {
    if (list === null) continue;
    if (!Array.isArray(list)) throw new MalformedBodyError(`corporate_actions.${key} is not an array`);
    const type = singularType(key);
    list.forEach((item: unknown, i) => {
      count++;
      try {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new ItemError('not an object');
        actions.push(toAction(type, item as Record<string, unknown>, ours));
      } catch (e) {
        if (!(e instanceof ItemError)) throw e;
        if (!KNOWN.has(type)) return;
        const what = JSON.stringify(item)?.slice(0, 200);
        throw new ProviderResponseError(ctx.provider, `corporate action ${key}[${i}] ${what}: ${e.message}`, { requestId: ctx.requestId });
      }
    });
  }
  return { actions, count, nextPageToken: typeof next === 'string' ? next : null };
}
