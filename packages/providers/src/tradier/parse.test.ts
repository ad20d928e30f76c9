import { MalformedBodyError } from '../http/attempt';
import {
  formatLocalMinute,
  parseHistory,
  parseLocalTime,
  parseTimesales,
  toHistoryBar,
  toTimesalesBar,
  tradierErrorMessage,
  tradierResetAt,
} from './parse';

const row = { time: '2024-07-01T09:30:00', timestamp: 1719840600, price: 10.4, open: 10, high: 11, low: 9, close: 10.5, volume: 1000, vwap: 10.2 };
const day = { date: '2024-07-01', open: 10, high: 11, low: 9, close: 10.5, volume: 1000 };

describe('Tradier bodies', () => {
  it('reads rows as an array, a single object, or null', () => {
    expect(parseTimesales(JSON.stringify({ series: { data: [row, row] } }))).toEqual([row, row]);
    expect(parseTimesales(JSON.stringify({ series: { data: row } }))).toEqual([row]);
    expect(parseTimesales('{"series":null}')).toEqual([]);
    expect(parseHistory(JSON.stringify({ history: { day: [day] } }))).toEqual([day]);
    expect(parseHistory(JSON.stringify({ history: { day } }))).toEqual([day]);
    expect(parseHistory('{"history":null}')).toEqual([]);
  });

  it.each([
    ['XML (no Accept header)', '<?xml version="1.0"?><series/>'],
    ['another endpoint', '{"quotes":{}}'],
    ['rows of the wrong kind', '{"series":{"data":"x"}}'],
  ])('refuses %s as malformed', (_name, text) => {
    expect(() => parseTimesales(text)).toThrow(MalformedBodyError);
  });

  it('reads New York wall times without offset, either side of DST', () => {
    expect(parseLocalTime('2024-07-01T09:30:00')?.toISOString()).toBe('2024-07-01T13:30:00.000Z');
    expect(parseLocalTime('2024-01-02T09:30:00')?.toISOString()).toBe('2024-01-02T14:30:00.000Z');
    expect(parseLocalTime('2024-03-11T15:45:30')?.toISOString()).toBe('2024-03-11T19:45:30.000Z');
    for (const bad of ['2024-07-01 09:30:00', '2024-07-01T09:30:00Z', '2024-13-01T09:30:00', '2024-07-01T25:00:00', 1719840600]) {
      expect(parseLocalTime(bad)).toBeNull();
    }
  });

  it('formats timesales bounds as New York minutes', () => {
    expect(formatLocalMinute(new Date('2024-07-01T13:30:00Z'))).toBe('2024-07-01 09:30');
    expect(formatLocalMinute(new Date('2024-01-02T20:59:59Z'))).toBe('2024-01-02 15:59');
  });

  it('maps rows to bars and rejects broken ones with the field named', () => {
    expect(toTimesalesBar(row)).toEqual({
      ok: true,
      bar: { ts: new Date('2024-07-01T13:30:00Z'), open: 10, high: 11, low: 9, close: 10.5, volume: 1000, vwap: 10.2, tradeCount: null },
    });
    expect(toHistoryBar(day)).toMatchObject({ ok: true, bar: { ts: new Date('2024-07-01T04:00:00Z'), vwap: null } });
    expect(toTimesalesBar({ ...row, close: 'NaN' })).toMatchObject({ ok: false, reason: 'close is not a number' });
    expect(toTimesalesBar({ ...row, time: 'soon' })).toMatchObject({ ok: false, ts: null, reason: 'invalid timestamp' });
    expect(toHistoryBar({ ...day, low: 12 })).toMatchObject({ ok: false, reason: 'high < low' });
    expect(toHistoryBar({ ...day, date: '07/01/2024' })).toMatchObject({ ok: false, reason: 'invalid timestamp' });
  });
});

describe('Tradier errors', () => {
  it('takes the message from plain text, an Apigee fault or errors.error', () => {
    expect(tradierErrorMessage('Invalid Access Token', 401)).toEqual({ message: 'Invalid Access Token' });
    expect(tradierErrorMessage('{"fault":{"faultstring":"Rate limit quota violation","detail":{}}}', 429)).toEqual({ message: 'Rate limit quota violation' });
    expect(tradierErrorMessage('{"errors":{"error":["Invalid Parameter: symbol"]}}', 400)).toEqual({ message: 'Invalid Parameter: symbol' });
    expect(tradierErrorMessage('{"errors":{"error":"Invalid Parameter: start"}}', 400)).toEqual({ message: 'Invalid Parameter: start' });
    expect(tradierErrorMessage('', 500)).toEqual({ message: 'HTTP 500' });
  });

  it('reads the quota reset from X-Ratelimit-Expiry (ms, or seconds), else Retry-After', () => {
    expect(tradierResetAt(new Headers({ 'X-Ratelimit-Expiry': '1719840660000' }), 0)?.toISOString()).toBe('2024-07-01T13:31:00.000Z');
    expect(tradierResetAt(new Headers({ 'X-Ratelimit-Expiry': '1719840660' }), 0)?.toISOString()).toBe('2024-07-01T13:31:00.000Z');
    expect(tradierResetAt(new Headers({ 'Retry-After': '7' }), 1000)?.getTime()).toBe(8000);
    expect(tradierResetAt(new Headers(), 0)).toBeUndefined();
  });
});
