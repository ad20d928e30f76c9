import { ProviderResponseError } from '../errors';
import { simMarket } from '../sim/sim-market';
import { createSimReferenceProvider } from '../sim/sim-reference-provider';
import { type FakeAlpaca, type FakeAlpacaOptions, rejection, startFakeAlpaca } from '@marketfleet/testing';
import { createAlpacaReferenceProvider, type AlpacaReferenceProviderOptions } from './reference-provider';

const market = simMarket(7);
const now = () => new Date('2024-07-20T16:00:00Z');

let fake: FakeAlpaca;
async function start(opts: FakeAlpacaOptions = {}) {
  fake = await startFakeAlpaca({ seed: 7, market, now, ...opts });
}
afterEach(() => fake?.close());

function provider(opts: Partial<AlpacaReferenceProviderOptions> = {}) {
  return createAlpacaReferenceProvider({ dataUrl: fake.url, tradingUrl: fake.url, keyId: 'test-key', secret: 'test-secret', sleep: async () => {}, ...opts });
}

describe('Alpaca reference provider: calendar', () => {
  it('reads trading days with HHMM session fields, equal to the sim’s calendar', async () => {
    await start();
    const got = await provider().getCalendar('2024-01-01', '2024-12-31');
    expect(got).toEqual(await createSimReferenceProvider().getCalendar('2024-01-01', '2024-12-31'));
    expect(got.find((d) => d.date === '2024-11-29')).toEqual({ date: '2024-11-29', open: '09:30', close: '13:00' });
    expect(fake.stats.log.map((l) => [l.path, l.query])).toEqual([['/v2/calendar', { start: '2024-01-01', end: '2024-12-31' }]]);
  });

  it('reads older payloads without session fields, and session times written with a colon', async () => {
    await start({ calendarSessionFields: false, calendarOverrides: { '2024-07-02': { session_open: '04:00', session_close: '20:00' } } });
    expect(await provider().getCalendar('2024-07-01', '2024-07-02')).toEqual([
      { date: '2024-07-01', open: '09:30', close: '16:00' },
      { date: '2024-07-02', open: '09:30', close: '16:00' },
    ]);
  });

  it('reports what the provider says even where it disagrees with the rules', async () => {
    await start({ calendarOverrides: { '2024-07-01': null, '2024-07-02': { close: '12:00' } } });
    expect(await provider().getCalendar('2024-07-01', '2024-07-03')).toEqual([
      { date: '2024-07-02', open: '09:30', close: '12:00' },
      { date: '2024-07-03', open: '09:30', close: '13:00' },
    ]);
  });

  it.each([
    [{ open: '9:30' }, /calendar entry 1 .*"2024-07-02".*: open is not HH:MM/],
    [{ close: '09:00' }, /close 09:00 is not after open 09:30/],
    [{ date: '2024-07-32' }, /date is not YYYY-MM-DD/],
    [{ session_open: '4am' }, /session_open is not HHMM/],
    [{ close: 1600 }, /close is not HH:MM/],
  ])('fails at once on a malformed entry %p, naming it', async (patch, message) => {
    await start({ calendarOverrides: { '2024-07-02': patch } });
    const err = await rejection(provider().getCalendar('2024-07-01', '2024-07-03'));
    expect(err).toBeInstanceOf(ProviderResponseError);
    expect(err.message).toMatch(message);
    expect(fake.stats.requests).toBe(1);
  });

  it('refuses a reversed window before asking', async () => {
    await start();
    await expect(provider().getCalendar('2024-07-03', '2024-07-01')).rejects.toThrow(RangeError);
    expect(fake.stats.requests).toBe(0);
  });
});

describe('Alpaca reference provider: corporate actions', () => {
  it('reads the sim’s splits and dividends as the sim reference provider reports them', async () => {
    await start();
    const req = { symbols: ['T25', 'R120', 'AAPL', 'MSFT'], from: '2014-01-01', to: '2021-12-31' };
    const got = await provider().getCorporateActions(req);
    const inWindow = got.filter((a) => a.exDate >= req.from && a.exDate <= req.to);
    expect(inWindow).toEqual(await createSimReferenceProvider({ seed: 7, now }).getCorporateActions(req));
    expect(inWindow.find((a) => a.symbol === 'T25' && a.exDate === '2021-09-02')).toMatchObject({ type: 'forward_split', ratio: 4 });
    expect(inWindow.find((a) => a.symbol === 'R120' && a.exDate === '2014-06-02')).toMatchObject({ type: 'reverse_split', ratio: 0.1 });
    // The API filters by process date: the window asked is wider, and what it returns is kept.
    expect(fake.stats.log[0]!.query).toEqual({ symbols: 'T25,R120,AAPL,MSFT', start: '2013-12-25', end: '2022-03-31', limit: '1000' });
    expect(got.some((a) => a.exDate > req.to)).toBe(true);
  });

  it('pages across types with a small page size', async () => {
    await start();
    const req = { symbols: ['T25', 'AAPL', 'MSFT'], from: '2021-01-01', to: '2021-12-31' };
    const whole = await provider().getCorporateActions(req);
    fake.configure({ maxPageSize: 3 });
    fake.resetStats();
    const paged = await provider().getCorporateActions(req);
    expect(paged).toEqual(whole);
    expect(fake.stats.requests).toBe(Math.ceil(whole.length / 3));
    expect(fake.stats.log.slice(1).every((l) => l.query.page_token !== undefined)).toBe(true);
  });

  it('splits long symbol lists into batches and lists an action naming two of them once', async () => {
    await start({
      simCorporateActions: false,
      extraCorporateActions: {
        spin_offs: [{ id: 'so-1', source_symbol: 'AAA', new_symbol: 'EEE', source_rate: 1, new_rate: 0.5, process_date: '2024-03-04', ex_date: '2024-03-04' }],
      },
    });
    const got = await provider({ maxSymbolsPerRequest: 2 }).getCorporateActions({ symbols: ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'AAA'], from: '2024-03-01', to: '2024-03-31' });
    expect(fake.stats.log.map((l) => l.query.symbols)).toEqual(['AAA,BBB', 'CCC,DDD', 'EEE']);
    expect(got).toEqual([expect.objectContaining({ symbol: 'AAA', type: 'spin_off', providerId: 'so-1', ratio: null })]);
  });

  it('maps every kind of item: split ratios, dividends, unit splits, name changes, unknown types', async () => {
    const split4 = { symbol: 'FWD', cusip: '123456789', new_rate: 4, old_rate: 1, process_date: '2024-06-10', ex_date: '2024-06-10' };
    const items = {
      forward_splits: [split4],
      reverse_splits: [{ id: 'r-1', symbol: 'REV', old_cusip: 'a', new_cusip: 'b', new_rate: 1, old_rate: 10, process_date: '2024-06-11', ex_date: '2024-06-11', record_date: '2024-06-07', payable_date: '2024-06-10' }],
      unit_splits: [{ id: 'u-1', old_symbol: 'UNT', new_symbol: 'UNT.N', alternate_symbol: 'UNT.W', old_rate: 1, new_rate: 2, alternate_rate: 0.5, process_date: '2024-06-12', effective_date: '2024-06-12' }],
      cash_dividends: [{ id: 'c-1', symbol: 'DIV', cusip: 'x', rate: 0.24, special: false, foreign: true, process_date: '2024-06-28', ex_date: '2024-06-13', record_date: '2024-06-13', payable_date: '2024-06-28' }],
      stock_dividends: [{ id: 's-1', symbol: 'SDV', cusip: 'y', rate: '0.05', process_date: '2024-06-14', ex_date: '2024-06-14' }],
      name_changes: [{ id: 'n-1', old_symbol: 'OLDN', new_symbol: 'NEWN', old_cusip: 'p', new_cusip: 'q', process_date: '2024-06-17' }],
      future_things: [
        { id: 'f-1', symbol: 'FWD', process_date: '2024-06-18', ex_date: '2024-06-18' },
        { id: 'f-2', symbol: 'FWD', note: 'no date at all' },
      ],
    };
    await start({ simCorporateActions: false, extraCorporateActions: items });
    const got = await provider().getCorporateActions({ symbols: ['FWD', 'REV', 'UNT', 'DIV', 'SDV', 'NEWN'], from: '2024-06-01', to: '2024-06-30' });
    const none = { recordDate: null, payableDate: null, ratio: null, cashAmount: null };
    expect(got).toEqual([
      { ...none, symbol: 'FWD', type: 'forward_split', exDate: '2024-06-10', processDate: '2024-06-10', ratio: 4, providerId: null, detail: split4 },
      { symbol: 'REV', type: 'reverse_split', exDate: '2024-06-11', recordDate: '2024-06-07', payableDate: '2024-06-10', processDate: '2024-06-11', ratio: 0.1, cashAmount: null, providerId: 'r-1', detail: items.reverse_splits[0] },
      { ...none, symbol: 'UNT', type: 'unit_split', exDate: '2024-06-12', processDate: '2024-06-12', ratio: 2, providerId: 'u-1', detail: items.unit_splits[0] },
      { symbol: 'DIV', type: 'cash_dividend', exDate: '2024-06-13', recordDate: '2024-06-13', payableDate: '2024-06-28', processDate: '2024-06-28', ratio: null, cashAmount: 0.24, providerId: 'c-1', detail: items.cash_dividends[0] },
      { ...none, symbol: 'SDV', type: 'stock_dividend', exDate: '2024-06-14', processDate: '2024-06-14', ratio: 1.05, providerId: 's-1', detail: items.stock_dividends[0] },
      { ...none, symbol: 'NEWN', type: 'name_change', exDate: '2024-06-17', processDate: '2024-06-17', providerId: 'n-1', detail: items.name_changes[0] },
      { ...none, symbol: 'FWD', type: 'future_thing', exDate: '2024-06-18', processDate: '2024-06-18', providerId: 'f-1', detail: items.future_things[0] },
    ]);
  });

  it('keeps unknown fields in detail', async () => {
    await start({ extraFields: true });
    const got = await provider().getCorporateActions({ symbols: ['T25'], from: '2021-09-02', to: '2021-09-02' });
    expect(got[0]!.detail).toMatchObject({ new_rate: 4, x_unknown: { a: [1, 2] } });
  });

  it.each([
    [{ forward_splits: [{ symbol: 'BAD', new_rate: 2, old_rate: 0, process_date: '2024-06-10', ex_date: '2024-06-10' }] }, /forward_splits\[0\] .*"BAD".*: old_rate is not a positive number/],
    [{ cash_dividends: [{ symbol: 'BAD', rate: 'lots', process_date: '2024-06-10', ex_date: '2024-06-10' }] }, /cash_dividends\[0\] .*: rate is not a non-negative number/],
    [{ cash_dividends: [{ symbol: 'BAD', rate: 0.1, process_date: '2024-06-10' }] }, /cash_dividends\[0\] .*: no ex_date/],
    [{ reverse_splits: [{ symbol: 'BAD', new_rate: 1, old_rate: 5, process_date: '2024-06-10', ex_date: '06/10/2024' }] }, /ex_date is not YYYY-MM-DD/],
  ])('fails at once on an item adjustments cannot trust: %p', async (extra, message) => {
    await start({ simCorporateActions: false, extraCorporateActions: extra });
    const err = await rejection(provider().getCorporateActions({ symbols: ['BAD'], from: '2024-06-01', to: '2024-06-30' }));
    expect(err).toBeInstanceOf(ProviderResponseError);
    expect(err.message).toMatch(message);
    expect(fake.stats.requests).toBe(1);
  });

  it('fails rather than loop or return part of the list when the server repeats a token', async () => {
    const body = JSON.stringify({ corporate_actions: { forward_splits: [] }, next_page_token: 'same' });
    fake = await startFakeAlpaca({ seed: 7, market, now }, [
      { method: 'GET', path: '/v1/corporate-actions', handler: () => ({ status: 200, json: body }) },
    ]);
    const err = await rejection(provider().getCorporateActions({ symbols: ['AAA'], from: '2024-06-01', to: '2024-06-30' }));
    expect(err).toBeInstanceOf(ProviderResponseError);
    expect(err.message).toMatch(/repeated a page token/);
    expect(fake.stats.requests).toBe(2);
  });

  it('asks nothing for no symbols', async () => {
    await start();
    expect(await provider().getCorporateActions({ symbols: [], from: '2024-06-01', to: '2024-06-30' })).toEqual([]);
    expect(fake.stats.requests).toBe(0);
  });
});
