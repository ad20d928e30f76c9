import { nyDate, parseDate, parseOcc } from '@marketfleet/market';
import type { OptionSnapshot } from '@marketfleet/providers';
import type { FakeOptionData } from './fake-option-data';
import { FakeValidationError } from './fake-params';
import { FAKE_SYMBOL } from './fake-patches';

export interface FakeTradierOptionOptions {
  /**
   * Fields forced into a contract's chain row by symbol. A contract not in the chain is added to
   * its expiration's (for a symbol that is not OCC, the one its `expiration_date` field names).
   */
  optionRowOverrides?: Record<string, Record<string, unknown>>;
}

/** Tradier's XML-to-JSON shape: one row is a bare object, none is `null`. */
function oneOrMany(rows: unknown[]): unknown {
  return rows.length === 0 ? null : rows.length === 1 ? rows[0] : rows;
}

function underlyingOf(q: URLSearchParams): string {
  const s = q.get('symbol');
  if (s === null || !FAKE_SYMBOL.test(s)) throw new FakeValidationError('Invalid Parameter: symbol');
  return s.toUpperCase();
}

function row(s: OptionSnapshot, data: FakeOptionData, nowMs: number): Record<string, unknown> {
  const at = s.quotedAt!.getTime();
  const traded = s.last !== undefined && s.volume! > 0;
  return {
    symbol: s.contract,
    description: `${s.underlying} ${s.expiry} ${s.strike} ${s.side === 'call' ? 'Call' : 'Put'}`,
    exch: 'Z',
    type: 'option',
    last: traded ? s.last : null,
    change: null,
    volume: s.volume,
    open: null,
    high: null,
    low: null,
    close: null,
    bid: s.bid,
    ask: s.ask,
    underlying: s.underlying,
    strike: s.strike,
    change_percentage: null,
    average_volume: 0,
    last_volume: traded ? 1 : 0,
    trade_date: traded ? at : 0,
    prevclose: null,
    week_52_high: 0,
    week_52_low: 0,
    bidsize: data.size(s.contract, 'bid', nowMs),
    bidexch: 'C',
    bid_date: at,
    asksize: data.size(s.contract, 'ask', nowMs),
    askexch: 'C',
    ask_date: at,
    open_interest: s.openInterest,
    contract_size: 100,
    expiration_date: s.expiry,
    expiration_type: 'standard',
    option_type: s.side,
    root_symbol: s.root,
    greeks: {
      delta: s.delta,
      gamma: s.gamma,
      theta: s.theta,
      vega: s.vega,
      rho: 0,
      phi: 0,
      bid_iv: s.iv,
      mid_iv: s.iv,
      ask_iv: s.iv,
      smv_vol: s.iv,
      updated_at: new Date(at).toISOString().replace('T', ' ').slice(0, 19),
    },
  };
}

/** `/v1/markets/options/expirations` and `/v1/markets/options/chains?greeks=true` over the sim's chains. */
export function tradierOptionRoutes(data: FakeOptionData, options: FakeTradierOptionOptions, nowMs: () => number) {
  return {
    expirations(q: URLSearchParams): string {
      const symbol = underlyingOf(q);
      const now = nowMs();
      const dates = [...new Set(data.chain(symbol, now).map((s) => s.expiry))].sort().filter((d) => d >= nyDate(new Date(now)));
      return JSON.stringify({ expirations: dates.length === 0 ? null : { date: oneOrMany(dates) } });
    },
    chains(q: URLSearchParams): string {
      const symbol = underlyingOf(q);
      const expiration = q.get('expiration');
      if (expiration === null || parseDate(expiration) === null) throw new FakeValidationError('Invalid Parameter: expiration');
      const now = nowMs();
      const overrides = options.optionRowOverrides ?? {};
      const rows = data
        .chain(symbol, now)
        .filter((s) => s.expiry === expiration)
        .map((s) => {
          const r = row(s, data, now);
          return overrides[s.contract] === undefined ? r : { ...r, ...overrides[s.contract] };
        });
      const present = new Set(rows.map((r) => r.symbol));
      for (const [contract, fields] of Object.entries(overrides)) {
        const occ = parseOcc(contract);
        // A symbol that is not OCC goes into the chain its fields' expiration_date names.
        const expiry = occ.ok ? occ.value.expiry : fields.expiration_date;
        if (present.has(contract) || expiry !== expiration) continue;
        const parsed = occ.ok ? { option_type: occ.value.side, strike: occ.value.strike } : {};
        rows.push({ symbol: contract, expiration_date: expiration, ...parsed, ...fields });
      }
      if (q.get('greeks') !== 'true') for (const r of rows) delete r.greeks;
      return JSON.stringify({ options: rows.length === 0 ? null : { option: oneOrMany(rows) } });
    },
  };
}
