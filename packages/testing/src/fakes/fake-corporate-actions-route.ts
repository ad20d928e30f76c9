import { addDays, nyDate, parseDate } from '@marketfleet/market';
import { alpacaItem, ANNOUNCE_DAYS, MAX_PROCESS_LAG_DAYS } from '@marketfleet/providers/sim';
import { hash32 } from '@marketfleet/providers/sim';
import { FakeValidationError, parseEnum, parseSymbols, rejectUnexpected } from './fake-params';
import type { FakeRoute, RouteContext, RouteResult } from './fake-types';

const PARAMS = new Set(['symbols', 'cusips', 'types', 'start', 'end', 'ids', 'limit', 'page_token', 'sort']);
// The spec's types, in the order keys are written; unknown (extra) types come after them.
const TYPES = [
  'reverse_split',
  'forward_split',
  'unit_split',
  'cash_dividend',
  'stock_dividend',
  'spin_off',
  'cash_merger',
  'stock_merger',
  'stock_and_cash_merger',
  'redemption',
  'name_change',
  'worthless_removal',
  'rights_distribution',
];
const SYMBOL_FIELDS = ['symbol', 'source_symbol', 'old_symbol', 'new_symbol', 'acquiree_symbol', 'acquirer_symbol', 'alternate_symbol'];

interface Listed {
  key: string;
  rank: number;
  processDate: string;
  tiebreak: string;
  item: Record<string, unknown>;
}

function parseDay(s: string | null, name: string, dflt: string): string {
  if (s === null) return dflt;
  if (parseDate(s) === null) throw new FakeValidationError(`invalid ${name}: ${s}`);
  return s;
}

function parseActionsLimit(s: string | null): number {
  if (s === null) return 100;
  const n = /^\d+$/.test(s) ? Number(s) : Number.NaN;
  if (!(n >= 1 && n <= 1000)) throw new FakeValidationError('invalid limit: must be between 1 and 1000');
  return n;
}

const rankOf = (key: string) => {
  const i = TYPES.indexOf(key.replace(/s$/, ''));
  return i < 0 ? TYPES.length : i;
};

// Tokens are opaque to clients: base64 of the next offset and a digest of the query they belong to.
function encodeToken(offset: number, digest: number): string {
  return Buffer.from(`${offset}|${digest}`).toString('base64');
}

function decodeToken(token: string, digest: number): number {
  const [offset, d] = Buffer.from(token, 'base64').toString('utf8').split('|');
  if (!/^\d+$/.test(offset ?? '') || Number(d) !== digest) throw new FakeValidationError('invalid page token');
  return Number(offset);
}

/**
 * `GET /v1/corporate-actions`: the sim's splits and dividends plus any configured extra items for
 * the requested symbols, filtered by process date (both ends default to today), sorted by process
 * date across types, cut at `limit` across types, and grouped under plural keys that are absent
 * when a page has none of that type. Filtering by `ids` or `cusips` is not simulated.
 */
function handleCorporateActions(ctx: RouteContext): RouteResult {
  const { query, state } = ctx;
  const opts = state.options;
  rejectUnexpected(query, PARAMS);
  if (query.has('ids') || query.has('cusips')) throw new FakeValidationError('the fake filters by symbols only');
  const symbols = parseSymbols(query.get('symbols'), new Set(opts.refusedSymbols ?? [])).sort();
  const typesQ = query.get('types');
  const types = typesQ === null ? null : new Set(typesQ.split(','));
  for (const t of types ?? []) if (!TYPES.includes(t)) throw new FakeValidationError(`invalid types: ${t}`);
  const today = nyDate(new Date(ctx.now));
  const start = parseDay(query.get('start'), 'start', today);
  const end = parseDay(query.get('end'), 'end', today);
  if (end < start) throw new FakeValidationError('end should not be before start');
  const limit = parseActionsLimit(query.get('limit'));
  const sort = parseEnum(query.get('sort'), 'sort', ['asc', 'desc'] as const, 'asc');

  const listed = new Map<string, Listed>();
  const add = (key: string, item: Record<string, unknown>) => {
    const processDate = typeof item.process_date === 'string' ? item.process_date : '';
    if (processDate !== '' && (processDate < start || processDate > end)) return;
    if (types !== null && !types.has(key.replace(/s$/, ''))) return;
    const tiebreak = typeof item.id === 'string' ? item.id : JSON.stringify(item);
    // An item naming two of the requested symbols is listed once.
    listed.set(`${key}|${tiebreak}`, { key, rank: rankOf(key), processDate, tiebreak, item });
  };
  if (opts.simCorporateActions ?? true) {
    const announced = addDays(today, ANNOUNCE_DAYS);
    const lastEx = end < announced ? end : announced;
    for (const symbol of symbols) {
      for (const a of state.market.corporateActions(symbol, addDays(start, -MAX_PROCESS_LAG_DAYS), lastEx)) add(`${a.type}s`, alpacaItem(a));
    }
  }
  for (const [key, items] of Object.entries(opts.extraCorporateActions ?? {})) {
    for (const item of items) if (SYMBOL_FIELDS.some((f) => symbols.includes(item[f] as string))) add(key, item);
  }

  const all = [...listed.values()].sort(
    (a, b) => a.processDate.localeCompare(b.processDate) || a.rank - b.rank || a.key.localeCompare(b.key) || a.tiebreak.localeCompare(b.tiebreak),
  );
  if (sort === 'desc') all.reverse();
  const digest = hash32(symbols.join(','), typesQ ?? '', start, end, sort);
  const token = query.get('page_token');
  const offset = token === null || token === '' ? 0 : decodeToken(token, digest);
  const size = Math.min(limit, opts.maxPageSize ?? limit);
  const page = all.slice(offset, offset + size);
  const next = offset + size < all.length ? encodeToken(offset + size, digest) : null;

  const decorate = (item: Record<string, unknown>) => (opts.extraFields ? { ...item, x_unknown: { a: [1, 2] } } : item);
  const keys = [...new Set(page.map((l) => l.key))].sort((a, b) => rankOf(a) - rankOf(b) || a.localeCompare(b));
  // Within a type, items keep the page's order.
  const groups = Object.fromEntries(keys.map((k) => [k, page.filter((l) => l.key === k).map((l) => decorate(l.item))]));
  const body = { corporate_actions: groups, next_page_token: next, ...(opts.extraFields ? { x_top_level: true } : {}) };
  return { status: 200, json: JSON.stringify(body) };
}

export const corporateActionsRoutes: FakeRoute[] = [{ method: 'GET', path: '/v1/corporate-actions', handler: handleCorporateActions }];
