import { nyWallTime, parseDate, parseOcc } from '@marketfleet/market';
import type { OptionSnapshot } from '@marketfleet/providers';
import { FakeValidationError, parseEnum, rejectUnexpected } from './fake-params';
import type { FakeRoute, RouteContext, RouteResult } from './fake-types';

const PARAMS = new Set([
  'feed',
  'limit',
  'page_token',
  'updated_since',
  'type',
  'strike_price_gte',
  'strike_price_lte',
  'expiration_date',
  'expiration_date_gte',
  'expiration_date_lte',
  'root_symbol',
]);

// Tokens are opaque to clients; this one is base64 of the next contract's OCC symbol.
const encodeToken = (contract: string) => Buffer.from(`O|${contract}`).toString('base64');

function decodeToken(token: string): string {
  const s = Buffer.from(token, 'base64').toString('utf8');
  if (!s.startsWith('O|')) throw new FakeValidationError('invalid page token');
  return s.slice(2);
}

function optionLimit(s: string | null): number {
  if (s === null) return 100;
  const n = /^\d+$/.test(s) ? Number(s) : Number.NaN;
  if (!(n >= 1 && n <= 1000)) throw new FakeValidationError('invalid limit: must be between 1 and 1000');
  return n;
}

function dateParam(q: URLSearchParams, name: string): string | null {
  const v = q.get(name);
  if (v === null) return null;
  if (parseDate(v) === null) throw new FakeValidationError(`invalid ${name}: ${v}`);
  return v;
}

function strikeParam(q: URLSearchParams, name: string): number | null {
  const v = q.get(name);
  if (v === null) return null;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new FakeValidationError(`invalid ${name}: ${v}`);
  return n;
}

const EXCHANGE = 'C';

/** One snapshot in Alpaca's shape; contracts nobody quoted are `{}`, as the API sends them. */
function wire(s: OptionSnapshot, ctx: RouteContext): Record<string, unknown> {
  const t = s.quotedAt!.toISOString();
  const out: Record<string, unknown> = {
    latestQuote: {
      t,
      bx: EXCHANGE,
      bp: s.bid,
      bs: ctx.state.optionData.size(s.contract, 'bid', ctx.now),
      ax: EXCHANGE,
      ap: s.ask,
      as: ctx.state.optionData.size(s.contract, 'ask', ctx.now),
      c: 'A',
    },
    greeks: { delta: s.delta, gamma: s.gamma, theta: s.theta, vega: s.vega, rho: 0 },
    impliedVolatility: s.iv,
  };
  if (s.last !== undefined && s.volume! > 0) {
    out.latestTrade = { t, x: EXCHANGE, p: s.last, s: 1, c: 'I' };
    const day = nyWallTime(s.quotedAt!.toISOString().slice(0, 10), '00:00').toISOString();
    out.dailyBar = { t: day, o: s.last, h: s.last, l: s.last, c: s.last, v: s.volume, n: Math.max(1, Math.round(s.volume! / 5)), vw: s.last };
  }
  return out;
}

interface Entry {
  contract: string;
  /** Pre-serialized snapshot. */
  json: string;
  occ: ReturnType<typeof parseOcc>;
}

function handleChain(ctx: RouteContext): RouteResult {
  const { query, state } = ctx;
  const opts = state.options;
  rejectUnexpected(query, PARAMS);
  const underlying = ctx.params.underlying!;
  if (!/^[A-Z][A-Z0-9.]{0,9}$/.test(underlying) || (opts.refusedSymbols ?? []).includes(underlying)) {
    throw new FakeValidationError(`invalid underlying symbol: ${underlying}`);
  }
  parseEnum(query.get('feed'), 'feed', ['opra', 'indicative'] as const, 'indicative');
  const type = parseEnum(query.get('type'), 'type', ['call', 'put', 'any'] as const, 'any');
  const limit = optionLimit(query.get('limit'));
  const exact = dateParam(query, 'expiration_date');
  const gte = dateParam(query, 'expiration_date_gte');
  const lte = dateParam(query, 'expiration_date_lte');
  const kLo = strikeParam(query, 'strike_price_gte');
  const kHi = strikeParam(query, 'strike_price_lte');
  const root = query.get('root_symbol');

  const quiet = opts.quietOptionsEvery ?? 0;
  const overrides = opts.optionSnapshotOverrides ?? {};
  const entries: Entry[] = state.optionData.chain(underlying, ctx.now).map((s, i) => ({
    contract: s.contract,
    json: JSON.stringify(quiet > 0 && i % quiet === quiet - 1 ? {} : wire(s, ctx)),
    occ: parseOcc(s.contract),
  }));
  const byContract = new Map(entries.map((e) => [e.contract, e]));
  for (const [contract, raw] of Object.entries(overrides)) {
    byContract.set(contract, { contract, json: JSON.stringify(raw), occ: parseOcc(contract) });
  }
  const all = [...byContract.values()]
    .filter((e) => {
      // A key that isn't OCC can't be filtered; the API would not send one, the test wants it sent.
      if (!e.occ.ok) return true;
      const c = e.occ.value;
      return (
        (type === 'any' || c.side === type) &&
        (exact === null || c.expiry === exact) &&
        (gte === null || c.expiry >= gte) &&
        (lte === null || c.expiry <= lte) &&
        (kLo === null || c.strike >= kLo) &&
        (kHi === null || c.strike <= kHi) &&
        (root === null || c.root === root)
      );
    })
    .sort((a, b) => (a.contract < b.contract ? -1 : a.contract > b.contract ? 1 : 0));

  let from = 0;
  const token = query.get('page_token');
  if (token !== null && token !== '') {
    const at = decodeToken(token);
    from = all.findIndex((e) => e.contract >= at);
    if (from < 0) from = all.length;
  }
  let size = Math.min(limit, opts.maxPageSize ?? limit);
  // "The API may return less, even if there are more available": exercise clients that stop early.
  if (opts.shortPages) size = Math.max(1, Math.ceil(size / 2));
  const page = all.slice(from, from + size);
  const next = from + size < all.length ? encodeToken(all[from + size]!.contract) : null;
  const body = page.map((e) => `${JSON.stringify(e.contract)}:${e.json}`).join(',');
  return { status: 200, json: `{"snapshots":{${body}},"next_page_token":${JSON.stringify(next)}}` };
}

export const optionSnapshotsRoutes: FakeRoute[] = [{ method: 'GET', path: '/v1beta1/options/snapshots/:underlying', handler: handleChain }];
