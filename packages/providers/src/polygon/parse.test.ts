import { MalformedBodyError } from '../http/attempt';
import { parseAggsPage, toPolygonBar } from './parse';

const agg = { v: 1000, vw: 10.2, o: 10, c: 10.5, h: 11, l: 9, t: 1719840600000, n: 12 };

describe('parseAggsPage', () => {
  it('reads results and next_url, ignoring unknown fields; a missing results key is an empty page', () => {
    const body = { ticker: 'AAPL', status: 'OK', resultsCount: 1, results: [agg], next_url: 'https://api.polygon.io/v2/x?cursor=abc', request_id: 'r', x: 1 };
    expect(parseAggsPage(JSON.stringify(body))).toEqual({ results: [agg], nextUrl: 'https://api.polygon.io/v2/x?cursor=abc' });
    expect(parseAggsPage('{"ticker":"ZZZ","status":"OK","resultsCount":0,"queryCount":0}')).toEqual({ results: [], nextUrl: null });
    expect(parseAggsPage('{"status":"DELAYED","results":null,"next_url":""}')).toEqual({ results: [], nextUrl: null });
  });

  it.each([
    ['not JSON', '{"status":"OK","results":[{"t":1'],
    ['results not an array', '{"status":"OK","results":{"t":1}}'],
    ['an error status on a 200', '{"status":"ERROR","error":"boom"}'],
    ['a bare array', '[1,2]'],
  ])('refuses %s as malformed', (_name, text) => {
    expect(() => parseAggsPage(text)).toThrow(MalformedBodyError);
  });
});

describe('toPolygonBar', () => {
  it('maps t/o/h/l/c/v/vw/n and tolerates missing vw and n', () => {
    expect(toPolygonBar({ ...agg, otc: false })).toEqual({
      ok: true,
      bar: { ts: new Date('2024-07-01T13:30:00Z'), open: 10, high: 11, low: 9, close: 10.5, volume: 1000, vwap: 10.2, tradeCount: 12 },
    });
    expect(toPolygonBar({ t: agg.t, o: 10, h: 11, l: 9, c: 10.5, v: 1000 })).toMatchObject({ ok: true, bar: { vwap: null, tradeCount: null } });
  });

  it.each([
    ['a string timestamp', { ...agg, t: '2024-07-01T13:30:00Z' }, 'invalid timestamp'],
    ['a fractional timestamp', { ...agg, t: 1.5 }, 'invalid timestamp'],
    ['a null close', { ...agg, c: null }, 'c is null'],
    ['a string price', { ...agg, o: '10' }, 'o is not a number'],
    ['negative volume', { ...agg, v: -1 }, 'volume < 0'],
    ['high below the open', { ...agg, h: 9.5 }, 'high < max(open, close)'],
    ['a bad vw', { ...agg, vw: 'x' }, 'vw is not a number'],
    ['not an object', [agg], 'bar is not an object'],
  ])('rejects %s', (_name, raw, reason) => {
    expect(toPolygonBar(raw)).toMatchObject({ ok: false, reason });
  });
});
