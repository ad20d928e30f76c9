import { MalformedBodyError, parseBarsPage, parseTimestamp, toBar } from './parse';

const bar = { t: '2024-07-01T13:30:00Z', o: 10, h: 11, l: 9, c: 10.5, v: 1000, n: 12, vw: 10.2 };

describe('parseBarsPage', () => {
  it('accepts bars: {}, bars: null, a missing bars key and an empty array', () => {
    for (const body of ['{"bars":{},"next_page_token":null}', '{"bars":null,"next_page_token":null}', '{"next_page_token":null}', '{"bars":[],"symbol":"X","next_page_token":null}']) {
      expect(parseBarsPage(body)).toEqual({ bars: new Map(), nextPageToken: null });
    }
  });

  it('keeps per-symbol lists, the token, and ignores unknown fields', () => {
    const page = parseBarsPage(JSON.stringify({ bars: { AAPL: [bar], MSFT: [], NUL: null }, next_page_token: 'abc', currency: 'USD', x: { y: 1 } }));
    expect([...page.bars.keys()]).toEqual(['AAPL', 'MSFT']);
    expect(page.bars.get('AAPL')).toEqual([bar]);
    expect(page.nextPageToken).toBe('abc');
  });

  it.each([
    ['truncated JSON', '{"bars":{"AAPL":[{"t":"2024-07-01T13:30:00Z","o":1'],
    ['empty body', ''],
    ['HTML', '<html>bad gateway</html>'],
    ['wrong token type', '{"bars":{},"next_page_token":5}'],
    ['bars not a list', '{"bars":{"AAPL":{}},"next_page_token":null}'],
    ['not an object', '[1,2]'],
    ['non-empty array on the multi endpoint', '{"bars":[{}],"next_page_token":null}'],
  ])('rejects %s as malformed', (_name, body) => {
    expect(() => parseBarsPage(body)).toThrow(MalformedBodyError);
  });

  it('parses a full 10,000-bar page', () => {
    const bars = Array.from({ length: 10_000 }, (_, i) => ({ ...bar, t: new Date(Date.parse(bar.t) + i * 900_000).toISOString() }));
    const body = JSON.stringify({ bars: { AAPL: bars }, next_page_token: null });
    const parsed = parseBarsPage(body).bars.get('AAPL')!.map(toBar);
    expect(parsed).toHaveLength(10_000);
    expect(parsed.every((p) => p.ok)).toBe(true);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2024-04-22T19:59:59.992734208Z', '2024-04-22T19:59:59.992Z'],
    ['2022-04-28T14:07:04.451420928-04:00', '2022-04-28T18:07:04.451Z'],
    ['2024-07-01T13:30:00Z', '2024-07-01T13:30:00.000Z'],
    ['2024-02-29T00:00:59Z', '2024-02-29T00:00:59.000Z'],
    ['2000-02-29T23:59:00Z', '2000-02-29T23:59:00.000Z'],
    ['1999-12-31T05:00:00Z', '1999-12-31T05:00:00.000Z'],
  ])('reads %s', (input, iso) => {
    expect(parseTimestamp(input)?.toISOString()).toBe(iso);
  });

  it.each(['2024-07-01', '2024-07-01 13:30:00Z', 'yesterday', 1719840600000, null])('refuses %p', (input) => {
    expect(parseTimestamp(input)).toBeNull();
  });

  // The digit-by-digit reading of the usual form agrees with the general path wherever the two meet.
  it.each([
    '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2024-04-31T10:00:00Z', '2024-13-01T10:00:00Z', '2024-00-10T10:00:00Z',
    '2024-01-00T10:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T10:60:00Z', '2024-01-01T10:00:60Z', '2024-01-01T1a:00:00Z',
    '2024-01-01T10:00:00z', '+024-01-01T10:00:00Z', '2024-01-01T10-00:00Z', '2024-01-31T23:59:59Z', '2024-12-31T00:00:00Z',
  ])('%s reads as Date.parse reads it', (input) => {
    const general = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(input) ? Date.parse(input) : NaN;
    expect(parseTimestamp(input)?.getTime() ?? NaN).toEqual(general);
  });
});

describe('toBar', () => {
  it('maps Alpaca fields to ours and tolerates missing n/vw', () => {
    expect(toBar({ ...bar, extra: 'ignored' })).toEqual({
      ok: true,
      bar: { ts: new Date('2024-07-01T13:30:00Z'), open: 10, high: 11, low: 9, close: 10.5, volume: 1000, vwap: 10.2, tradeCount: 12 },
    });
    const bare: Record<string, unknown> = { ...bar };
    delete bare.n;
    delete bare.vw;
    expect(toBar(bare)).toMatchObject({ ok: true, bar: { vwap: null, tradeCount: null } });
  });

  it.each([
    ['a string price', { ...bar, o: '10' }, 'o is not a number'],
    ['NaN-like string', { ...bar, c: 'NaN' }, 'c is not a number'],
    ['null volume', { ...bar, v: null }, 'v is null'],
    ['negative open', { ...bar, o: -1, l: -1 }, 'open <= 0'],
    ['high below low', { ...bar, h: 8 }, 'high < low'],
    ['bad vw', { ...bar, vw: 'x' }, 'vw is not a number'],
    ['bad timestamp', { ...bar, t: 'soon' }, 'invalid timestamp'],
    ['not an object', 42, 'bar is not an object'],
  ])('rejects %s', (_name, raw, reason) => {
    expect(toBar(raw)).toMatchObject({ ok: false, reason });
  });
});
