import { marketClock } from '@marketfleet/market';
import { calendarDays } from '@marketfleet/providers/sim';
import { simMarket } from '@marketfleet/providers/sim';
import { startFakeAlpaca, type FakeAlpaca } from './fakes';

const AUTH = { 'APCA-API-KEY-ID': 'test-key', 'APCA-API-SECRET-KEY': 'test-secret' };
const market = simMarket(7);
let now = new Date('2024-07-20T16:00:00Z');

interface Got {
  status: number;
  headers: Headers;
  // Whatever the fake sent, errors included.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function get(fake: FakeAlpaca, path: string, params: Record<string, string> = {}, headers: Record<string, string> = AUTH): Promise<Got> {
  const res = await fetch(`${fake.url}${path}?${new URLSearchParams(params)}`, { headers });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe('fake Alpaca reference routes', () => {
  let fake: FakeAlpaca;
  beforeAll(async () => {
    fake = await startFakeAlpaca({ seed: 7, market, now: () => now });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    now = new Date('2024-07-20T16:00:00Z');
    fake.configure({ calendarOverrides: undefined, calendarSessionFields: undefined, extraCorporateActions: undefined, simCorporateActions: undefined, maxPageSize: undefined, extraFields: false, authMode: 'normal' });
  });

  describe('/v2/calendar', () => {
    it('is the market clock’s rules as a bare array of trading days, with HHMM session fields and T+n settlement', async () => {
      const r = await get(fake, '/v2/calendar', { start: '2023-01-01', end: '2024-12-31' });
      expect(r.status).toBe(200);
      expect(r.body.map((d: { date: string; open: string; close: string }) => ({ date: d.date, open: d.open, close: d.close }))).toEqual(
        calendarDays(marketClock, '2023-01-01', '2024-12-31'),
      );
      const july3 = r.body.find((d: { date: string }) => d.date === '2024-07-03');
      expect(july3).toEqual({ date: '2024-07-03', open: '09:30', close: '13:00', session_open: '0400', session_close: '2000', settlement_date: '2024-07-05' });
      expect(r.body.find((d: { date: string }) => d.date === '2023-07-03').settlement_date).toBe('2023-07-06'); // T+2 then, over the holiday
      expect(r.headers.get('X-Request-ID')).toBeTruthy();
    });

    it('follows configured overrides: an extra closure, a different close, an added day', async () => {
      fake.configure({
        calendarOverrides: { '2024-07-02': null, '2024-07-05': { close: '13:00' }, '2024-07-06': { open: '10:00', close: '12:00' } },
      });
      const r = await get(fake, '/v2/calendar', { start: '2024-07-01', end: '2024-07-08' });
      expect(r.body.map((d: { date: string; open: string; close: string }) => `${d.date} ${d.open}-${d.close}`)).toEqual([
        '2024-07-01 09:30-16:00',
        '2024-07-03 09:30-13:00',
        '2024-07-05 09:30-13:00',
        '2024-07-06 10:00-12:00',
        '2024-07-08 09:30-16:00',
      ]);
      const outside = await get(fake, '/v2/calendar', { start: '2024-06-01', end: '2024-06-30' });
      expect(outside.body).toHaveLength(19);
    });

    it('omits session fields in that mode, and accepts RFC-3339 bounds', async () => {
      fake.configure({ calendarSessionFields: false });
      const r = await get(fake, '/v2/calendar', { start: '2024-07-01T00:00:00-04:00', end: '2024-07-01T23:59:59-04:00' });
      expect(r.body).toEqual([{ date: '2024-07-01', open: '09:30', close: '16:00' }]);
    });

    it.each([
      [{ start: '2024-13-01' }, 'invalid start: 2024-13-01'],
      [{ start: '2024-07-05', end: '2024-07-01' }, 'end should not be before start'],
      [{ date_type: 'SETTLEMENT' }, 'invalid date_type: SETTLEMENT'],
      [{ limit: '5' }, 'unexpected query parameter(s): limit'],
    ])('rejects %p with 400', async (params, message) => {
      const r = await get(fake, '/v2/calendar', params);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ message });
    });
  });

  describe('/v2/clock', () => {
    const SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}-0[45]:00$/;

    it('answers while open: ET offsets, nanoseconds in timestamp, today’s close next', async () => {
      now = new Date('2024-07-01T14:07:04.451Z');
      const r = await get(fake, '/v2/clock');
      expect(r.status).toBe(200);
      expect(Object.keys(r.body).sort()).toEqual(['is_open', 'next_close', 'next_open', 'timestamp']);
      expect(r.body.timestamp).toMatch(SHAPE);
      expect(r.body.timestamp.slice(0, 23)).toBe('2024-07-01T10:07:04.451');
      expect(Date.parse(r.body.timestamp)).toBe(now.getTime());
      expect(r.body).toMatchObject({ is_open: true, next_open: '2024-07-02T09:30:00-04:00', next_close: '2024-07-01T16:00:00-04:00' });
      expect((await get(fake, '/v2/clock', { x: '1' })).status).toBe(400);
    });

    it('answers while closed, in winter time, across holidays and calendar overrides', async () => {
      now = new Date('2024-12-24T20:00:00Z'); // after the 13:00 early close, before Christmas
      const r = await get(fake, '/v2/clock');
      expect(r.body.timestamp).toMatch(SHAPE);
      expect(r.body.timestamp).toMatch(/^2024-12-24T15:00:00\.000\d{6}-05:00$/);
      expect(r.body).toMatchObject({ is_open: false, next_open: '2024-12-26T09:30:00-05:00', next_close: '2024-12-26T16:00:00-05:00' });
      fake.configure({ calendarOverrides: { '2024-12-26': null, '2024-12-27': { close: '12:00' } } });
      expect((await get(fake, '/v2/clock')).body).toMatchObject({ next_open: '2024-12-27T09:30:00-05:00', next_close: '2024-12-27T12:00:00-05:00' });
    });
  });

  describe('/v1/corporate-actions', () => {
    const WINDOW = { symbols: 'T25,AAPL,MSFT', start: '2021-01-01', end: '2021-12-31' };

    it('serves the sim’s splits and dividends by process date, with absent keys for types without items', async () => {
      const r = await get(fake, '/v1/corporate-actions', { ...WINDOW, limit: '1000' });
      expect(r.status).toBe(200);
      expect(r.body.next_page_token).toBeNull();
      expect(Object.keys(r.body.corporate_actions).sort()).toEqual(['cash_dividends', 'forward_splits']);
      expect(r.body.corporate_actions.forward_splits).toEqual([expect.objectContaining({ symbol: 'T25', new_rate: 4, old_rate: 1, ex_date: '2021-09-02', process_date: '2021-09-02' })]);
      for (const d of r.body.corporate_actions.cash_dividends) {
        expect(d.process_date >= '2021-01-01' && d.process_date <= '2021-12-31').toBe(true);
        expect(d).toEqual(expect.objectContaining({ special: false, foreign: false, rate: expect.any(Number), cusip: expect.any(String) }));
      }
      const none = await get(fake, '/v1/corporate-actions', { symbols: 'IBM', start: '2024-07-01', end: '2024-07-02' });
      expect(none.body).toEqual({ corporate_actions: {}, next_page_token: null });
    });

    it('pages across types at `limit`, with opaque tokens, in either order', async () => {
      const whole = await get(fake, '/v1/corporate-actions', { ...WINDOW, limit: '1000' });
      const total = Object.values(whole.body.corporate_actions as Record<string, unknown[]>).reduce((n, l) => n + l.length, 0);
      const pages: Record<string, unknown[]>[] = [];
      let token: string | null = null;
      do {
        const r = await get(fake, '/v1/corporate-actions', { ...WINDOW, limit: '2', ...(token ? { page_token: token } : {}) });
        pages.push(r.body.corporate_actions);
        token = r.body.next_page_token;
      } while (token !== null);
      expect(pages).toHaveLength(Math.ceil(total / 2));
      expect(pages.some((p) => p.forward_splits && p.cash_dividends)).toBe(true);
      const glued: Record<string, unknown[]> = {};
      for (const p of pages) for (const [k, l] of Object.entries(p)) (glued[k] ??= []).push(...l);
      for (const k of Object.keys(glued)) expect(new Set(glued[k])).toEqual(new Set(whole.body.corporate_actions[k]));
      const desc = await get(fake, '/v1/corporate-actions', { ...WINDOW, limit: '1', sort: 'desc' });
      const last = Object.values(desc.body.corporate_actions as Record<string, { process_date: string }[]>)[0]![0]!;
      expect(last.process_date.startsWith('2021-12') || last.process_date.startsWith('2021-11')).toBe(true);
      const other = await get(fake, '/v1/corporate-actions', { ...WINDOW, symbols: 'AAPL', page_token: (await get(fake, '/v1/corporate-actions', { ...WINDOW, limit: '1' })).body.next_page_token });
      expect(other.body).toEqual({ message: 'invalid page token' });
    });

    it('filters by types, serves extra items (unknown types too), adds unknown fields on request', async () => {
      fake.configure({
        simCorporateActions: false,
        extraFields: true,
        extraCorporateActions: {
          name_changes: [{ old_symbol: 'OLDX', new_symbol: 'NEWX', process_date: '2021-03-01' }],
          widget_events: [{ symbol: 'NEWX', process_date: '2021-03-02' }],
        },
      });
      const r = await get(fake, '/v1/corporate-actions', { ...WINDOW, symbols: 'NEWX' });
      expect(r.body.corporate_actions).toEqual({
        name_changes: [{ old_symbol: 'OLDX', new_symbol: 'NEWX', process_date: '2021-03-01', x_unknown: { a: [1, 2] } }],
        widget_events: [{ symbol: 'NEWX', process_date: '2021-03-02', x_unknown: { a: [1, 2] } }],
      });
      expect(r.body.x_top_level).toBe(true);
      const named = await get(fake, '/v1/corporate-actions', { ...WINDOW, symbols: 'NEWX', types: 'name_change' });
      expect(Object.keys(named.body.corporate_actions)).toEqual(['name_changes']);
    });

    it('defaults start and end to today', async () => {
      now = new Date('2021-09-02T15:00:00Z');
      const r = await get(fake, '/v1/corporate-actions', { symbols: 'T25' });
      expect(r.body.corporate_actions.forward_splits).toHaveLength(1);
    });

    it.each([
      [{ limit: '0' }, 'invalid limit: must be between 1 and 1000'],
      [{ limit: '1001' }, 'invalid limit: must be between 1 and 1000'],
      [{ types: 'forward_split,split' }, 'invalid types: split'],
      [{ start: '2021-1-1' }, 'invalid start: 2021-1-1'],
      [{ start: '2021-02-01', end: '2021-01-01' }, 'end should not be before start'],
      [{ sort: 'up' }, 'invalid sort: up'],
      [{ timeframe: '1Day' }, 'unexpected query parameter(s): timeframe'],
      [{ symbols: '' }, 'no symbol specified'],
      [{ ids: 'abc' }, 'the fake filters by symbols only'],
    ])('rejects %p with 400', async (patch, message) => {
      const r = await get(fake, '/v1/corporate-actions', { ...WINDOW, ...patch });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ message });
    });

    it('needs the same credentials as every route', async () => {
      expect((await get(fake, '/v1/corporate-actions', WINDOW, {})).status).toBe(403);
      expect((await get(fake, '/v2/calendar', {}, {})).status).toBe(403);
      fake.configure({ authMode: 'unauthorized' });
      expect((await get(fake, '/v2/clock')).status).toBe(401);
    });
  });

  it('makes the raw bars it serves agree with the actions it lists', async () => {
    const bars = await get(fake, '/v2/stocks/bars', { symbols: 'T25', timeframe: '1Day', start: '2021-09-01', end: '2021-09-02' });
    const [before, on] = bars.body.bars.T25;
    expect(before.c / on.o).toBeGreaterThan(4 * 0.85);
    expect(before.c / on.o).toBeLessThan(4 * 1.15);
    const flat = await startFakeAlpaca({ seed: 7, splits: false });
    try {
      const f = await get(flat, '/v2/stocks/bars', { symbols: 'T25', timeframe: '1Day', start: '2021-09-01', end: '2021-09-02' });
      const [fb, fo] = f.body.bars.T25;
      expect(fb.c / fo.o).toBeGreaterThan(0.85);
      expect(fb.c / fo.o).toBeLessThan(1.15);
      expect((await get(flat, '/v1/corporate-actions', { symbols: 'T25', start: '2021-09-02', end: '2021-09-02' })).body.corporate_actions).toEqual({});
    } finally {
      await flat.close();
    }
  });
});
