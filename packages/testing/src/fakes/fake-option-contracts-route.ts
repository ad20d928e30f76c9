import { addDays, nyDate, parseDate, weekday } from '@marketfleet/market';
import { FakeValidationError, parseEnum, rejectUnexpected } from './fake-params';
import type { FakeRoute, RouteContext, RouteResult } from './fake-types';

const PARAMS = new Set([
  'underlying_symbols',
  'show_deliverables',
  'status',
  'expiration_date',
  'expiration_date_gte',
  'expiration_date_lte',
  'root_symbol',
  'type',
  'style',
  'strike_price_gte',
  'strike_price_lte',
  'page_token',
  'limit',
  'ppind',
]);

const encodeToken = (contract: string) => Buffer.from(`C|${contract}`).toString('base64');

function decodeToken(token: string): string {
  const s = Buffer.from(token, 'base64').toString('utf8');
  if (!s.startsWith('C|')) throw new FakeValidationError('invalid page token');
  return s.slice(2);
}

function dateParam(q: URLSearchParams, name: string): string | null {
  const v = q.get(name);
  if (v === null) return null;
  if (parseDate(v) === null) throw new FakeValidationError(`invalid ${name}: ${v}`);
  return v;
}

/**
 * `/v2/options/contracts` on the trading host: the sim's contracts with their open interest, numbers
 * as strings as Alpaca sends them. Without an expiration filter only contracts expiring before the
 * coming weekend are listed, as the API does.
 */
function handleContracts(ctx: RouteContext): RouteResult {
  const { query, state } = ctx;
  rejectUnexpected(query, PARAMS);
  const symbols = (query.get('underlying_symbols') ?? '').split(',').filter((s) => s !== '');
  if (symbols.length === 0) throw new FakeValidationError('underlying_symbols is required');
  const limitQ = query.get('limit');
  const limit = limitQ === null ? 100 : /^\d+$/.test(limitQ) ? Number(limitQ) : Number.NaN;
  if (!(limit >= 1 && limit <= 10_000)) throw new FakeValidationError('invalid limit: must be between 1 and 10000');
  const type = parseEnum(query.get('type'), 'type', ['call', 'put', 'any'] as const, 'any');
  const exact = dateParam(query, 'expiration_date');
  let gte = dateParam(query, 'expiration_date_gte');
  let lte = dateParam(query, 'expiration_date_lte');
  const today = nyDate(new Date(ctx.now));
  if (exact === null && gte === null && lte === null) {
    gte = today;
    lte = addDays(today, (6 - weekday(today) + 7) % 7); // the coming Saturday
  }
  const overrides = state.options.optionContractOverrides ?? {};
  const all = symbols
    .flatMap((u) => state.optionData.chain(u, ctx.now))
    .filter(
      (s) =>
        (type === 'any' || s.side === type) &&
        (exact === null || s.expiry === exact) &&
        (gte === null || s.expiry >= gte) &&
        (lte === null || s.expiry <= lte),
    )
    .sort((a, b) => (a.contract < b.contract ? -1 : a.contract > b.contract ? 1 : 0));
  let from = 0;
  const token = query.get('page_token');
  if (token !== null && token !== '') {
    const at = decodeToken(token);
    from = all.findIndex((s) => s.contract >= at);
    if (from < 0) from = all.length;
  }
  const size = Math.min(limit, state.options.maxPageSize ?? limit);
  const page = all.slice(from, from + size).map((s) => ({
    id: `00000000-0000-4000-8000-${(from++).toString(16).padStart(12, '0')}`,
    symbol: s.contract,
    name: `${s.underlying} ${s.expiry} ${s.side === 'call' ? 'Call' : 'Put'} ${s.strike}`,
    status: 'active',
    tradable: true,
    expiration_date: s.expiry,
    root_symbol: s.root,
    underlying_symbol: s.underlying,
    type: s.side,
    style: 'american',
    strike_price: String(s.strike),
    multiplier: '100',
    size: '100',
    open_interest: String(s.openInterest),
    open_interest_date: today,
    ...overrides[s.contract],
  }));
  const next = from < all.length ? encodeToken(all[from]!.contract) : null;
  return { status: 200, json: JSON.stringify({ option_contracts: page, next_page_token: next }) };
}

export const optionContractsRoutes: FakeRoute[] = [{ method: 'GET', path: '/v2/options/contracts', handler: handleContracts }];
