import { MalformedBodyError } from '../http/attempt';
import { isChartAnswer, parseChart, toYahooBar, yahooErrorMessage } from './parse';

const t0 = 1719840600; // 2024-07-01 09:30 New York
function body(quote: Record<string, unknown[]>, timestamp: unknown[] | null = [t0, t0 + 900, t0 + 1800]) {
  return JSON.stringify({ chart: { result: [{ meta: { symbol: 'AAPL' }, ...(timestamp ? { timestamp } : {}), indicators: { quote: [quote] } }], error: null } });
}
const full = { open: [10, 11, 12], high: [11, 12, 13], low: [9, 10, 11], close: [10.5, 11.5, 12.5], volume: [100, 200, 300] };

describe('parseChart', () => {
  it('rebuilds bars from the parallel arrays', () => {
    const got = parseChart(body(full));
    expect(got).toEqual({
      kind: 'bars',
      raws: [0, 1, 2].map((i) => ({ timestamp: t0 + 900 * i, open: 10 + i, high: 11 + i, low: 9 + i, close: 10.5 + i, volume: 100 * (i + 1) })),
    });
  });

  it('skips slots whose prices are all null, and keeps partly null ones for quarantine', () => {
    const quote = { ...full, open: [10, null, 12], high: [11, null, null], low: [9, null, 11], close: [10.5, null, 12.5], volume: [100, null, 300] };
    const got = parseChart(body(quote));
    expect(got.kind === 'bars' && got.raws.map((r) => r.timestamp)).toEqual([t0, t0 + 1800]);
    expect(got.kind === 'bars' && toYahooBar(got.raws[1])).toMatchObject({ ok: false, reason: 'high is null' });
  });

  it('reads a result without timestamps as no bars', () => {
    expect(parseChart(body({}, null))).toEqual({ kind: 'bars', raws: [] });
  });

  it('tells an unknown symbol from an out-of-range request in the error envelope', () => {
    const err = (code: string, description: string) => JSON.stringify({ chart: { result: null, error: { code, description } } });
    expect(parseChart(err('Not Found', 'No data found, symbol may be delisted'))).toEqual({
      kind: 'unknown-symbol',
      reason: 'No data found, symbol may be delisted',
    });
    const range = err('Unprocessable Entity', '15m data not available for startTime=1 and endTime=2. The requested range must be within the last 60 days.');
    expect(parseChart(range)).toMatchObject({ kind: 'out-of-range' });
    expect(isChartAnswer(404, err('Not Found', 'No data found, symbol may be delisted'))).toBe(true);
    expect(isChartAnswer(422, range)).toBe(true);
    expect(isChartAnswer(422, err('Unprocessable Entity', 'Invalid input - interval=7m is not supported'))).toBe(false);
    expect(isChartAnswer(404, '<html>Not Found</html>')).toBe(false);
    expect(isChartAnswer(500, range)).toBe(false);
  });

  it.each([
    ['arrays shorter than the timestamps', body({ ...full, close: [1, 2] })],
    ['a missing array', body({ open: full.open, high: full.high, low: full.low, volume: full.volume })],
    ['neither result nor error', '{"chart":{"result":[],"error":null}}'],
    ['another shape', '{"finance":{}}'],
    ['a cut body', body(full).slice(0, 40)],
  ])('refuses %s as malformed', (_name, text) => {
    expect(() => parseChart(text)).toThrow(MalformedBodyError);
  });
});

describe('toYahooBar', () => {
  it('reads epoch seconds and has neither vwap nor trade count', () => {
    expect(toYahooBar({ timestamp: t0, open: 10, high: 11, low: 9, close: 10.5, volume: 100 })).toEqual({
      ok: true,
      bar: { ts: new Date('2024-07-01T13:30:00Z'), open: 10, high: 11, low: 9, close: 10.5, volume: 100, vwap: null, tradeCount: null },
    });
    expect(toYahooBar({ timestamp: null, open: 10, high: 11, low: 9, close: 10.5, volume: 100 })).toMatchObject({ ok: false, ts: null, reason: 'invalid timestamp' });
    expect(toYahooBar({ timestamp: t0, open: 10, high: 11, low: 9, close: 10.5, volume: null })).toMatchObject({ ok: false, reason: 'volume is null' });
  });
});

describe('yahooErrorMessage', () => {
  it('prefers the envelope description and falls back to the plain text', () => {
    expect(yahooErrorMessage('{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}', 401)).toEqual({
      code: 'Unauthorized',
      message: 'Invalid Crumb',
    });
    expect(yahooErrorMessage('Too Many Requests\r\n', 429)).toEqual({ message: 'Too Many Requests' });
    expect(yahooErrorMessage('', 502)).toEqual({ message: 'HTTP 502' });
  });
});
