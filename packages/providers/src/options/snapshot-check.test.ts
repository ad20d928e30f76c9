import { MalformedBodyError } from '../http/attempt';
import { alpacaOptionFields, parseOptionSnapshotsPage } from '../alpaca/option-snapshots';
import { openInterestValue, parseOptionContractsPage } from '../alpaca/option-contracts';
import { parseChain, parseExpirations, tradierOptionFields } from '../tradier/option-parse';
import { checkSnapshot, nearestChain } from './snapshot-check';

const ok = (contract: string, fields = {}) => {
  const r = checkSnapshot(contract, 'AAPL', fields, fields);
  if (!r.ok) throw new Error(r.rejection.reason);
  return r.snapshot;
};
const reason = (contract: unknown, fields = {}) => {
  const r = checkSnapshot(contract, 'AAPL', fields, fields);
  return r.ok ? null : r.rejection.reason;
};

describe('checkSnapshot', () => {
  it('reads the contract from its OCC symbol, adjusted roots and large strikes included', () => {
    expect(ok('AAPL240119C00190000')).toEqual({ contract: 'AAPL240119C00190000', underlying: 'AAPL', root: 'AAPL', expiry: '2024-01-19', strike: 190, side: 'call' });
    expect(ok('AAPL1240119P12345678')).toMatchObject({ root: 'AAPL1', strike: 12345.678, side: 'put' });
  });

  it('keeps a contract without any quote, and null fields as absent', () => {
    expect(ok('AAPL240119C00190000', { bid: null, iv: undefined })).not.toHaveProperty('bid');
  });

  it('accepts a locked quote, a negative theta and a delta rounded past 1', () => {
    expect(ok('AAPL240119C00190000', { bid: 1, ask: 1, theta: -0.05, delta: 1.0000001 })).toMatchObject({ bid: 1, ask: 1, theta: -0.05 });
  });

  it.each([
    [{ bid: 1.2, ask: 1.1 }, 'crossed quote: bid 1.2 > ask 1.1'],
    [{ ask: -0.01 }, 'negative ask: -0.01'],
    [{ volume: -1 }, 'negative volume: -1'],
    [{ iv: -0.2 }, 'negative iv: -0.2'],
    [{ bidSize: -5 }, 'negative bidSize: -5'],
    [{ last: '1.5' }, 'last is not a finite number: "1.5"'],
    [{ gamma: Number.NaN }, 'gamma is not a finite number: null'],
    [{ vega: Number.POSITIVE_INFINITY }, 'vega is not a finite number: null'],
    [{ delta: -1.3 }, 'delta outside [-1, 1]: -1.3'],
    [{ quotedAt: 'yesterday' }, 'quote time is not a timestamp: "yesterday"'],
  ])('quarantines %j', (fields, why) => {
    expect(reason('AAPL240119C00190000', fields)).toBe(why);
  });

  it('quarantines symbols that are not compact OCC', () => {
    expect(reason(42)).toBe('contract symbol is not a string');
    expect(reason('AAPL 240119C00190000')).toMatch(/^malformed OCC symbol/);
    expect(reason('AAPL  240119C00190000')).toBe("OCC symbol must be compact (no padding): 'AAPL  240119C00190000'");
    expect(reason('AAPL240230C00190000')).toMatch(/^malformed OCC symbol: expiry day 30 does not exist/);
  });
});

describe('nearestChain', () => {
  it('keeps the n nearest expirations from asOf, ordered by expiry, strike and side', () => {
    const snaps = ['X240105P00010000', 'X240103C00010000', 'X240102C00010000', 'X240105C00005000', 'X240110C00010000'].map((c) => ok(c));
    expect(nearestChain(snaps, '2024-01-03', 2).map((s) => s.contract)).toEqual(['X240103C00010000', 'X240105C00005000', 'X240105P00010000']);
  });
});

describe('Alpaca option pages', () => {
  it('reads snapshots and the token; null snapshots are an empty page; anything else is malformed', () => {
    expect(parseOptionSnapshotsPage('{"snapshots":{"A":{}},"next_page_token":"t"}')).toEqual({ entries: [['A', {}]], nextPageToken: 't' });
    expect(parseOptionSnapshotsPage('{"snapshots":null,"next_page_token":null}')).toEqual({ entries: [], nextPageToken: null });
    expect(() => parseOptionSnapshotsPage('{"snapshots":[],"next_page_token":null}')).toThrow(MalformedBodyError);
    expect(() => parseOptionSnapshotsPage('{"snapshots":{},"next_page_token":5}')).toThrow(MalformedBodyError);
    expect(() => parseOptionSnapshotsPage('{"snaps')).toThrow(MalformedBodyError);
  });

  it('takes today’s volume from the daily bar only when it is the scrape’s session', () => {
    const today = { dailyBar: { t: '2024-06-12T04:00:00Z', v: 12 } };
    const older = { dailyBar: { t: '2024-06-10T04:00:00Z', v: 12 } };
    expect(alpacaOptionFields(today, '2024-06-12')).toMatchObject({ volume: 12 });
    expect(alpacaOptionFields(older, '2024-06-12')).toMatchObject({ volume: 0 });
    expect(alpacaOptionFields({}, '2024-06-12')).toMatchObject({ volume: undefined, bid: undefined });
    expect(alpacaOptionFields({ dailyBar: { t: 'x' } }, '2024-06-12')).toBe('dailyBar.t is not a timestamp: "x"');
    expect(alpacaOptionFields({ greeks: 3 }, '2024-06-12')).toBe('greeks is not an object');
  });

  it('reads open interest from contracts, numbers as strings', () => {
    const page = parseOptionContractsPage('{"option_contracts":[{"symbol":"A","open_interest":"12"},{"open_interest":"3"}],"next_page_token":null}');
    expect([...page.openInterest]).toEqual([['A', '12']]);
    expect(openInterestValue('12')).toBe(12);
    expect(openInterestValue(null)).toBeNull();
    expect(openInterestValue('n/a')).toBe('n/a');
    expect(() => parseOptionContractsPage('{"option_contracts":{}}')).toThrow(MalformedBodyError);
  });
});

describe('Tradier option bodies', () => {
  it('reads one-or-many expirations and rows, and null as none', () => {
    expect(parseExpirations('{"expirations":{"date":["2024-06-21","2024-06-14"]}}')).toEqual(['2024-06-14', '2024-06-21']);
    expect(parseExpirations('{"expirations":{"date":"2024-06-14"}}')).toEqual(['2024-06-14']);
    expect(parseExpirations('{"expirations":null}')).toEqual([]);
    expect(() => parseExpirations('{"expirations":{"date":["June"]}}')).toThrow(MalformedBodyError);
    expect(parseChain('{"options":{"option":{"symbol":"A"}}}')).toEqual([{ symbol: 'A' }]);
    expect(parseChain('{"options":null}')).toEqual([]);
  });

  it('maps a row: mid_iv as the IV, the later quote time, a zero trade date as none', () => {
    const row = { symbol: 'A', bid: 1, ask: 2, bid_date: 1000, ask_date: 2000, trade_date: 0, greeks: { mid_iv: 0.3, delta: 0.5 } };
    expect(tradierOptionFields(row)).toEqual({
      contract: 'A',
      fields: expect.objectContaining({ iv: 0.3, delta: 0.5, quotedAt: 2000 }),
    });
    expect(tradierOptionFields({ ...row, bid_date: 0, ask_date: 0, trade_date: 500 })).toMatchObject({ fields: { quotedAt: 500 } });
    expect(tradierOptionFields({ ...row, greeks: 'x' })).toBe('greeks is not an object');
  });
});
